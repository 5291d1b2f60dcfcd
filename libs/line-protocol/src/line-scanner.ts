import type { Point } from '@vigil/core';
import { LineProtocolError } from './line-protocol-error';
import type { ParseOptions } from './parse-options';
import { PointScanner, RejectedPoint } from './point-scanner';
import { NEED_MORE_INPUT, ScanFailure } from './scan-failure';

const NUL = 0;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;

/** A chunk's unfinished line is parsed as final once it grows past this many characters. */
const MAX_PENDING_LINE = 1 << 20;

/** Where `scan` puts its results; the arrays are appended to. */
export interface ScanOutput {
  readonly points: Point[];
  /** 1-based source line of each point, parallel to `points`. */
  readonly lines: number[];
  readonly errors: LineProtocolError[];
}

/**
 * Walks line protocol text line by line: skips blank and comment lines, hands each other line to
 * the point scanner, and turns a failed line into a LineProtocolError before moving on to the
 * next line. The text is never split into line strings. One instance serves many calls; it is
 * not re-entrant.
 */
export class LineScanner {
  private readonly scanner = new PointScanner();

  configure(options: ParseOptions = {}): this {
    this.scanner.configure(options);
    return this;
  }

  /**
   * Parses `text`, whose first line is numbered `firstLine`. With `final` false the text is a
   * chunk ending on a line boundary, and a quoted string running off its end is left for the next
   * chunk: `consumed` tells how much text was used and `nextLine` the number of the next line.
   */
  scan(text: string, firstLine: number, final: boolean, out: ScanOutput): { consumed: number; nextLine: number } {
    const scanner = this.scanner;
    const state = scanner.state;
    state.text = text;
    state.length = text.length;
    const n = text.length;
    let pos = 0;
    let line = firstLine;
    while (pos < n) {
      let i = pos;
      let c = text.charCodeAt(i);
      while ((c === SPACE || c === TAB || c === NUL) && ++i < n) c = text.charCodeAt(i);
      if (i >= n) break;
      if (c === NEWLINE || c === HASH || (c === CR && text.charCodeAt(i + 1) === NEWLINE)) {
        // A blank line, or a comment: '#' as the first non-blank character.
        const newline = text.indexOf('\n', i);
        if (newline < 0) break;
        pos = newline + 1;
        line++;
        continue;
      }
      state.final = final || n - pos > MAX_PENDING_LINE;
      state.innerNewlines = 0;
      try {
        const point = scanner.parsePoint(i);
        out.points.push(point);
        out.lines.push(line);
        const end = state.end;
        pos = end >= n ? n : text.charCodeAt(end) === CR ? end + 2 : end + 1;
        line += state.innerNewlines + 1;
      } catch (failure) {
        if (failure === NEED_MORE_INPUT) {
          scanner.release();
          return { consumed: pos, nextLine: line };
        }
        if (!(failure instanceof ScanFailure)) throw failure;
        const newline = text.indexOf('\n', failure.resumeFrom);
        const end = newline < 0 ? n : newline;
        out.errors.push(toError(text, failure, pos, i, end, line));
        line += countNewlines(text, pos, end) + 1;
        pos = end + 1;
      }
    }
    scanner.release();
    return { consumed: n, nextLine: line };
  }
}

/**
 * Builds the error of a failed line: `lineStart` is where the line begins, `contentStart` its
 * first non-blank character, `end` its terminator, `line` its number.
 */
function toError(text: string, failure: ScanFailure, lineStart: number, contentStart: number, end: number, line: number): LineProtocolError {
  const offset = failure.offset;
  const physicalStart = offset > lineStart ? text.lastIndexOf('\n', offset - 1) + 1 : lineStart;
  const contentEnd = end > contentStart && text.charCodeAt(end - 1) === CR ? end - 1 : end;
  return new LineProtocolError(
    failure.reason,
    line + countNewlines(text, lineStart, offset),
    offset - physicalStart + 1,
    text.slice(contentStart, contentEnd),
    failure instanceof RejectedPoint ? 'rejected' : 'syntax',
  );
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
