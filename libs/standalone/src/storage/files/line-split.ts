/** One newline-terminated line of a buffer: `start` inclusive, `end` at the newline (exclusive). */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

const NEWLINE = 0x0a;

/**
 * Splits a buffer into its newline-terminated lines. Bytes after the last newline are not a
 * line: they are what a crash in the middle of a write leaves behind (`tail` tells where they
 * start), or the beginning of a line a later read will complete.
 */
export function splitLines(buffer: Buffer, from = 0): { lines: LineRange[]; tail: number } {
  const lines: LineRange[] = [];
  let start = from;
  for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
    lines.push({ start, end });
    start = end + 1;
  }
  return { lines, tail: start };
}
