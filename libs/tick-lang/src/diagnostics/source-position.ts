import type { Position } from '../ast';

/**
 * Maps UTF-16 offsets of a script to line:column positions. Columns count Unicode code points,
 * so a caret lands under the right character even after non-ASCII text.
 */
export class SourcePositions {
  private readonly lineStarts: number[] = [0];
  /** The last position computed: the lexer asks in increasing order, so columns grow from it. */
  private last: Position = { line: 1, column: 1, offset: 0 };

  constructor(private readonly source: string) {
    for (let i = 0; i < source.length; i++) {
      if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  at(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.source.length);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    const lineStart = this.lineStarts[low] ?? 0;
    const sameLineAhead = this.last.line === low + 1 && this.last.offset <= clamped;
    const column = sameLineAhead
      ? this.last.column + countCodePoints(this.source.slice(this.last.offset, clamped))
      : countCodePoints(this.source.slice(lineStart, clamped)) + 1;
    this.last = { line: low + 1, column, offset: clamped };
    return this.last;
  }
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** The position of the first character of a script, for errors that have no better place. */
export const START_POSITION: Position = { line: 1, column: 1, offset: 0 };
