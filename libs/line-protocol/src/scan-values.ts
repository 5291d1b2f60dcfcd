import { Unsigned, type FieldValue } from '@vigil/core';
import { unescapeString } from './escape';
import { NEED_MORE_INPUT, fail, quote } from './scan-failure';
import type { ScanState } from './scan-state';
import { smallInt } from './small-ints';

// Character codes are module constants so that the hot loops compare against literals.
const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;


const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const LOWER_E = 101;
const UPPER_E = 69;
const LOWER_I = 105;
const LOWER_U = 117;

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;

/**
 * Converts an unquoted field value `text[start, end)`: a boolean when it starts with t, f, T or
 * F, a number when it starts with a digit, '.' or '-'. InfluxDB accepts nothing else.
 */
export function scanUnquoted(text: string, start: number, end: number): FieldValue {
  const c = text.charCodeAt(start);
  if (c === 116 || c === 102 || c === 84 || c === 70) return scanBoolean(text, start, end);
  if ((c >= ZERO && c <= NINE) || c === DOT || c === MINUS) return scanNumber(text, start, end);
  const token = text.slice(start, end);
  if (isNotFinite(token)) unsupportedFloat(start, token);
  fail(start, `invalid field value ${quote(token)}: expected a number, a boolean or a quoted string`);
}

/**
 * Scans a quoted string field value whose opening quote is at `open` and sets `state.end` just
 * past the closing quote. Inside, a backslash protects the next character and only `\\` and
 * `\"` lose their backslash; newlines are kept (InfluxDB allows them inside strings).
 */
export function scanString(state: ScanState, open: number, key: string): string {
  const text = state.text;
  const n = state.length;
  let i = open + 1;
  let escaped = false;
  let newlines = 0;
  for (;;) {
    if (i >= n) {
      if (!state.final) throw NEED_MORE_INPUT;
      fail(open, `unbalanced quotes: the string value of field ${quote(key)} has no closing '"'`, open);
    }
    const c = text.charCodeAt(i);
    if (c > BACKSLASH) {
      i++;
    } else if (c === QUOTE) {
      break;
    } else if (c === BACKSLASH) {
      escaped = true;
      if (text.charCodeAt(i + 1) === NEWLINE) newlines++;
      i += 2;
    } else {
      if (c === NEWLINE) newlines++;
      i++;
    }
  }
  state.innerNewlines += newlines;
  state.end = i + 1;
  const raw = text.slice(open + 1, i);
  return escaped ? unescapeString(raw) : raw;
}

/**
 * Converts the unquoted numeric field value `text[start, end)`, accepting exactly what InfluxDB
 * 1.x accepts (models/points.go scanNumber):
 * - floats: digits with at most one '.', an optional exponent (`1`, `1.`, `.5`, `-1.5e3`,
 *   `1.e+78`); NaN and infinities are refused, and so are values beyond float64's range;
 * - integers: a trailing `i` (`-12i`), within int64, leading zeros allowed;
 * - unsigned integers: a trailing `u` (`12u`), within uint64, no sign.
 */
export function scanNumber(text: string, start: number, end: number): FieldValue {
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let digits = 0;
  let small = 0;
  let dot = false;
  let exponent = false;
  let suffix = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (suffix !== 0) return invalidNumber(text, start, end);
    if (c >= ZERO && c <= NINE) {
      if (!exponent) {
        digits++;
        small = small * 10 + (c - ZERO);
      }
    } else if (c === DOT) {
      if (dot || exponent) return invalidNumber(text, start, end);
      dot = true;
    } else if ((c === LOWER_E || c === UPPER_E) && i > start) {
      exponent = true;
    } else if ((c === PLUS || c === MINUS) && isExponentMark(text.charCodeAt(i - 1))) {
      // The sign of an exponent.
    } else if ((c === LOWER_I || c === LOWER_U) && i > start) {
      suffix = c;
    } else {
      return invalidNumber(text, start, end);
    }
  }
  if (suffix === 0) return toFloat(text, start, end);
  if (dot || exponent || digits === 0) return invalidNumber(text, start, end);
  if (suffix === LOWER_U) {
    if (negative) fail(start, `invalid unsigned integer ${quote(text.slice(start, end))}: unsigned integers cannot be negative`);
    const value = digits <= 15 ? BigInt(small) : BigInt(text.slice(start, end - 1));
    if (value > MAX_UINT64) fail(start, `unsigned integer out of range ${quote(text.slice(start, end))}`);
    return new Unsigned(value);
  }
  if (digits <= 15) return smallInt(negative ? -small : small);
  return toInt64(text, start, end - 1, 'integer');
}

function isExponentMark(c: number): boolean {
  return c === LOWER_E || c === UPPER_E;
}

function toFloat(text: string, start: number, end: number): number {
  const token = text.slice(start, end);
  // Only digits, '.', exponent marks and signs get here, so Number() agrees with Go's ParseFloat:
  // both refuse "1e", ".", "-", "1e5e5" and accept "1.", ".5", "1.e5".
  const value = Number(token);
  if (Number.isNaN(value)) return invalidNumber(text, start, end);
  if (!Number.isFinite(value)) fail(start, `float out of range ${quote(token)}`);
  return value;
}

function invalidNumber(text: string, start: number, end: number): never {
  const token = text.slice(start, end);
  const last = token.charCodeAt(token.length - 1);
  if (isNotFinite(token)) unsupportedFloat(start, token);
  const kind = last === LOWER_I ? 'integer' : last === LOWER_U ? 'unsigned integer' : 'number';
  fail(start, `invalid ${kind} ${quote(token)}`);
}

function isNotFinite(token: string): boolean {
  return /^[-+]?(nan|inf|infinity)$/i.test(token);
}

function unsupportedFloat(start: number, token: string): never {
  fail(start, `unsupported float value ${quote(token)}: InfluxDB refuses NaN and infinities`);
}

/** Converts an unquoted boolean: t, T, true, True, TRUE, f, F, false, False, FALSE. */
export function scanBoolean(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 1) {
    const c = text.charCodeAt(start);
    if (c === 116 || c === 84) return true;
    if (c === 102 || c === 70) return false;
  } else if (length === 4 || length === 5) {
    const token = text.slice(start, end);
    if (token === 'true' || token === 'True' || token === 'TRUE') return true;
    if (token === 'false' || token === 'False' || token === 'FALSE') return false;
  }
  fail(start, `invalid boolean ${quote(text.slice(start, end))}`);
}

/**
 * Converts `text[start, end)`, an optional '-' and decimal digits, to an int64; `what` names the
 * value in the out-of-range error. Up to fifteen digits are exact in a float64, which is much
 * cheaper to turn into a BigInt than the digit string.
 */
export function toInt64(text: string, start: number, end: number, what: string): bigint {
  const negative = text.charCodeAt(start) === MINUS;
  if (end - start - (negative ? 1 : 0) <= 15) {
    let value = 0;
    for (let i = negative ? start + 1 : start; i < end; i++) value = value * 10 + (text.charCodeAt(i) - ZERO);
    return smallInt(negative ? -value : value);
  }
  const value = BigInt(text.slice(start, end));
  if (value < MIN_INT64 || value > MAX_INT64) fail(start, `${what} out of range ${quote(text.slice(start, end))}`);
  return value;
}
