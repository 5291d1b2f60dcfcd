import { MINUS, NUL, SPACE, TAB } from './char-codes';
import { MAX_NANO_TIME, MIN_NANO_TIME } from './precision';
import { fail, quote } from './scan-failure';
import { isLineEnd, type ScanState } from './scan-state';
import { timestampValue } from './scan-values';

/**
 * Scans the optional timestamp after the field set; `c` is the character at `from` (a space or
 * the line end). Returns the time in nanoseconds, or undefined when the line has none, and sets
 * `state.end` to the line terminator. As in InfluxDB, blanks may precede the timestamp, only
 * spaces may follow it, and the scaled time must lie in InfluxDB's range.
 */
export function scanTime(state: ScanState, from: number, c: number, multiplier: bigint): bigint | undefined {
  const text = state.text;
  const n = state.length;
  let i = from;
  if (c === SPACE) {
    i++;
    while (i < n && ((c = text.charCodeAt(i)) === SPACE || c === TAB || c === NUL)) i++;
  }
  if (i >= n || isLineEnd(text, c, i)) {
    state.end = i;
    return undefined;
  }
  const start = i;
  const negative = c === MINUS;
  if (negative) i++;
  let digits = 0;
  let small = 0;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      small = small * 10 + (c - 48);
    } else if (c === SPACE || isLineEnd(text, c, i)) {
      break;
    } else {
      fail(start, `invalid timestamp ${quote(text.slice(start, tokenEnd(text, i, n)))}`);
    }
  }
  if (digits === 0) fail(start, `invalid timestamp ${quote(text.slice(start, i))}`);
  let time = timestampValue(text, start, i, digits, small, negative);
  if (multiplier !== 1n) time *= multiplier;
  // Eighteen digits of nanoseconds cannot leave the range, so the common case skips the check.
  if ((digits >= 19 || multiplier !== 1n) && (time < MIN_NANO_TIME || time > MAX_NANO_TIME)) {
    fail(start, `time outside range ${MIN_NANO_TIME} - ${MAX_NANO_TIME}`);
  }
  while (i < n && text.charCodeAt(i) === SPACE) i++;
  if (i < n && !isLineEnd(text, text.charCodeAt(i), i)) fail(i, 'unexpected text after the timestamp');
  state.end = i;
  return time;
}

function tokenEnd(text: string, i: number, n: number): number {
  while (i < n && text.charCodeAt(i) !== SPACE && !isLineEnd(text, text.charCodeAt(i), i)) i++;
  return i;
}
