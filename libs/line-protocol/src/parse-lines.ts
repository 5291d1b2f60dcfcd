import type { Point } from '@vigil/core';
import { LineProtocolError } from './line-protocol-error';
import { LineScanner, type ScanOutput } from './line-scanner';
import type { ParseOptions } from './parse-options';

/** The points of a text and the lines that could not become points. */
export interface ParseResult {
  readonly points: Point[];
  /** The 1-based line on which each point starts, parallel to `points`. */
  readonly lines: number[];
  /** One error per bad line, in line order. */
  readonly errors: LineProtocolError[];
}

/** Shared by the synchronous functions below; they never call out while it is in use. */
const sharedScanner = new LineScanner();

/**
 * Parses InfluxDB 1.x line protocol. Blank lines and lines whose first non-blank character is
 * '#' are skipped; a bad line becomes an error and never stops the lines after it. A CR before a
 * LF is taken as part of the line break (InfluxDB itself would refuse such lines).
 */
export function parseLines(text: string, options?: ParseOptions): ParseResult {
  const out: ScanOutput = { points: [], lines: [], errors: [] };
  sharedScanner.configure(options).scan(text, 1, true, out);
  return out;
}

/**
 * Parses one line, numbered `lineNumber` for error positions, as read from a file line by line.
 * Returns the point, the error, or undefined for a blank or comment line. Text holding more than
 * one line (outside quoted strings) is refused: use parseLines or LineStreamParser for that.
 */
export function parseLine(line: string, lineNumber: number, options?: ParseOptions): Point | LineProtocolError | undefined {
  const out: ScanOutput = { points: [], lines: [], errors: [] };
  sharedScanner.configure(options).scan(line, lineNumber, true, out);
  if (out.points.length + out.errors.length > 1) {
    const starts = [...out.lines, ...out.errors.map((error) => error.line)].sort((a, b) => a - b);
    return new LineProtocolError('more than one line given to parseLine; use parseLines', starts[1] ?? lineNumber, 1, line);
  }
  return out.points[0] ?? out.errors[0];
}
