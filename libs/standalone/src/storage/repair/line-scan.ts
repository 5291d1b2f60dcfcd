import { splitLines } from '../files/line-split';

/** The first line of a file that cannot be read back, and what follows it. */
export interface BadLine {
  /** 1-based line number. */
  readonly line: number;
  /** Byte where the bad line starts: the file is cut here. */
  readonly position: number;
  readonly reason: string;
  /** Whole lines from the bad one on (itself included). */
  readonly linesFrom: number;
  /** Whether the bad line is only an unfinished last line (what a crash during a write leaves). */
  readonly tornTail: boolean;
}

/**
 * Finds the first line `decode` refuses, or an unfinished last line; undefined when every line
 * reads. `linesBefore` counts the good lines before it.
 */
export function firstBadLine(buffer: Buffer, decode: (line: string) => { readonly invalid: string } | unknown): (BadLine & { readonly linesBefore: number }) | undefined {
  const { lines, tail } = splitLines(buffer);
  for (const [index, line] of lines.entries()) {
    const decoded = decode(buffer.toString('utf8', line.start, line.end));
    if (typeof decoded === 'object' && decoded !== null && 'invalid' in decoded) {
      const torn = index === lines.length - 1 && tail === buffer.length;
      return { line: index + 1, position: line.start, reason: String((decoded as { invalid: unknown }).invalid), linesFrom: lines.length - index, tornTail: torn, linesBefore: index };
    }
  }
  if (tail < buffer.length) return { line: lines.length + 1, position: tail, reason: 'unterminated line', linesFrom: 0, tornTail: true, linesBefore: lines.length };
  return undefined;
}

/** Newline-terminated lines in a buffer. */
export function lineCount(buffer: Buffer): number {
  return splitLines(buffer).lines.length;
}
