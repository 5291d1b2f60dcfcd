import { BACKSLASH, CR, NEWLINE } from './char-codes';

/** The text being scanned and what the part scanners report back about the current line. */
export interface ScanState {
  text: string;
  length: number;
  /** False while scanning a chunk that more text will follow. */
  final: boolean;
  /** Offset just after what the last part scanner consumed. */
  end: number;
  /** Newlines met inside quoted strings of the current line. */
  innerNewlines: number;
}

/** Whether `c`, the character at `i`, ends the line: '\n', or '\r' followed by '\n'. */
export function isLineEnd(text: string, c: number, i: number): boolean {
  return c === NEWLINE || (c === CR && text.charCodeAt(i + 1) === NEWLINE);
}

/**
 * Steps over a backslash at `i` in a measurement, tag or field key. The character after it is
 * never a delimiter, but a second backslash still escapes the character after itself (InfluxDB
 * looks at the previous byte), and a newline always ends the line (InfluxDB would glue the next
 * line on; its docs say names cannot contain newlines, so vigil does not).
 */
export function skipEscape(text: string, i: number, n: number): number {
  const next = i + 1 < n ? text.charCodeAt(i + 1) : NEWLINE;
  return next === BACKSLASH || next === NEWLINE ? i + 1 : i + 2;
}
