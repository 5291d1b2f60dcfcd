import { LineProtocolError } from './line-protocol-error';
import { parseLines, type ParseResult } from './parse-lines';
import type { ParseOptions } from './parse-options';

const NEWLINE = 10;
const CR = 13;

/** Decodes valid UTF-8 and throws a TypeError at the first invalid sequence. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Decodes for display only: invalid sequences become U+FFFD. */
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Parses line protocol as it arrives over the wire, as bytes. A line holding bytes that are not
 * UTF-8 (in its measurement, a tag, a field key or a string value) becomes an error naming the
 * line, like a syntax error, and gives no point: decoding it with U+FFFD in place of the bad
 * bytes would silently merge distinct tag values into one series, and InfluxDB 2.x refuses such
 * lines too. The other lines are parsed as by parseLines, with their own line numbers.
 *
 * A valid body (the usual case) is decoded once and parsed as text; only an invalid one is walked
 * line by line. Lines are split at LF bytes, which never occur inside a UTF-8 sequence; a line
 * inside a quoted string that spans lines is refused on its own, and the rest of that point then
 * fails to parse too.
 */
export function parseLineBytes(body: Uint8Array, options?: ParseOptions): ParseResult {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return parseInvalidUtf8(body, options);
  }
  return parseLines(text, options);
}

/** The slow path: blank every line that is not UTF-8 (keeping line numbers), parse, add their errors. */
function parseInvalidUtf8(body: Uint8Array, options?: ParseOptions): ParseResult {
  const pieces: string[] = [];
  const invalid: LineProtocolError[] = [];
  let start = 0;
  let line = 1;
  while (start <= body.length) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline < 0 ? body.length : newline;
    const bytes = body.subarray(start, end);
    const bad = firstInvalidUtf8(bytes);
    if (bad < 0) {
      pieces.push(strictUtf8.decode(bytes));
    } else {
      pieces.push('');
      invalid.push(invalidLineError(bytes, bad, line));
    }
    if (newline < 0) break;
    start = newline + 1;
    line++;
  }
  const parsed = parseLines(pieces.join('\n'), options);
  return { points: parsed.points, lines: parsed.lines, errors: mergeByLine(parsed.errors, invalid) };
}

function invalidLineError(bytes: Uint8Array, bad: number, line: number): LineProtocolError {
  let first = 0;
  while (first < bytes.length && (bytes[first] === 32 || bytes[first] === 9)) first++;
  const last = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  const column = lenientUtf8.decode(bytes.subarray(0, bad)).length + 1;
  const byte = (bytes[bad] ?? 0).toString(16).padStart(2, '0');
  return new LineProtocolError(`invalid UTF-8 (byte 0x${byte})`, line, column, lenientUtf8.decode(bytes.subarray(first, last)));
}

/** Both lists are in line order; so is the result. */
function mergeByLine(a: readonly LineProtocolError[], b: readonly LineProtocolError[]): LineProtocolError[] {
  const out: LineProtocolError[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (right === undefined || (left !== undefined && left.line <= right.line)) {
      out.push(left as LineProtocolError);
      i++;
    } else {
      out.push(right);
      j++;
    }
  }
  return out;
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or -1 when all of `bytes` is UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    if (i + length > n) return i;
    const second = bytes[i + 1] as number;
    if (second < min || second > max) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}
