import { LineScanner, type ScanOutput } from './line-scanner';
import type { ParseOptions } from './parse-options';
import type { ParseResult } from './parse-lines';

/**
 * Parses line protocol that arrives in pieces (a large file read in chunks, an HTTP body as a
 * stream). Each `push` returns the points and errors of the lines completed so far, numbered
 * from the start of the whole input; `end` flushes the last line. A quoted string value may
 * span chunks and even lines, as in a single parseLines call.
 */
export class LineStreamParser {
  private readonly scanner: LineScanner;
  private pending = '';
  private nextLine = 1;

  constructor(options?: ParseOptions) {
    this.scanner = new LineScanner().configure(options);
  }

  push(chunk: string): ParseResult {
    const out: ScanOutput = { points: [], lines: [], errors: [] };
    const lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline < 0) {
      this.pending += chunk;
      return out;
    }
    const text = this.pending + chunk;
    const cut = text.length - chunk.length + lastNewline + 1;
    const { consumed, nextLine } = this.scanner.scan(cut === text.length ? text : text.slice(0, cut), this.nextLine, false, out);
    this.pending = text.slice(consumed);
    this.nextLine = nextLine;
    return out;
  }

  /** Parses whatever is left, treating it as the last line(s) of the input. */
  end(): ParseResult {
    const out: ScanOutput = { points: [], lines: [], errors: [] };
    const { nextLine } = this.scanner.scan(this.pending, this.nextLine, true, out);
    this.pending = '';
    this.nextLine = nextLine;
    return out;
  }
}
