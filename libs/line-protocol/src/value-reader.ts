import type { FieldValue } from '@vigil/core';
import { fail, quote } from './scan-failure';
import type { ScanState } from './scan-state';
import { MAX_NANO_TIME, MIN_NANO_TIME } from './precision';
import { SMALL_BIGINTS } from './small-ints';
import { toInt64 } from './scan-values';

// Hot-path constants are module locals: under tsx every use of an import is a getter call.
const NUL = 0;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const NINE = 57;
const LOWER_I = 105;
const MIN_TIME = MIN_NANO_TIME;
const MAX_TIME = MAX_NANO_TIME;
const smallBigInts = SMALL_BIGINTS;
/** Powers of ten that a float64 holds exactly. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);
const MAX_INT64 = 2n ** 63n - 1n;
/** Size of the tag value cache; a power of two. */
const TAG_VALUE_SLOTS = 1024;

/**
 * Reads the pieces of a line that repeat or are simple, cheaply: names are recognised by
 * spelling, short tag values are shared with earlier lines instead of being sliced again, common
 * numbers are read without slicing, and timestamps reuse the leading digits of the previous one.
 */
export class ValueReader {
  /** Recent short tag values, indexed by a hash of their length and some characters. */
  private readonly tagValues: string[] = new Array<string>(TAG_VALUE_SLOTS).fill('');
  /** Leading digits of the previous long timestamp and their value times 10^12 (see longTimestamp). */
  private timeHigh = -1;
  private timeHighValue = 0n;
  /** Nanoseconds per timestamp unit, and the time of lines without one. */
  private multiplier = 1n;
  private defaultTime: bigint | undefined;

  constructor(private readonly state: ScanState) {}

  configureTime(multiplier: bigint, defaultTime: bigint | undefined): void {
    this.multiplier = multiplier;
    this.defaultTime = defaultTime;
  }

  /**
   * Reads the optional timestamp that follows the field set at `from` (a space or the line end)
   * and sets `state.end` to the line terminator. As in InfluxDB, blanks may precede it, only
   * spaces may follow it, and the scaled time must lie in InfluxDB's range. Without one the
   * default time applies.
   */
  time(from: number): bigint {
    const state = this.state;
    const text = state.text;
    const n = state.length;
    let i = from;
    let c = i < n ? text.charCodeAt(i) : NEWLINE;
    if (c === SPACE) {
      i++;
      while (i < n && ((c = text.charCodeAt(i)) === SPACE || c === TAB || c === NUL)) i++;
    }
    if (i >= n || c === NEWLINE || (c === CR && text.charCodeAt(i + 1) === NEWLINE)) {
      state.end = i;
      if (this.defaultTime === undefined) fail(i, 'missing timestamp and no default time was supplied');
      return this.defaultTime;
    }
    const start = i;
    if (c === MINUS) i++;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) {
        if (c === SPACE || c === NEWLINE || (c === CR && text.charCodeAt(i + 1) === NEWLINE)) break;
        fail(start, `invalid timestamp ${quote(text.slice(start, tokenEnd(text, i, n)))}`);
      }
    }
    const digits = i - start - (text.charCodeAt(start) === MINUS ? 1 : 0);
    if (digits === 0) fail(start, `invalid timestamp ${quote(text.slice(start, i))}`);
    let time = digits >= 16 ? this.longTimestamp(start, i, digits) : toInt64(text, start, i, 'timestamp');
    const multiplier = this.multiplier;
    if (multiplier !== 1n) time *= multiplier;
    // Nanoseconds below 9e18 cannot leave the range, so the common case skips the check.
    if (multiplier !== 1n || digits > 19 || (digits === 19 && text.charCodeAt(i - 19) === NINE)) {
      if (time < MIN_TIME || time > MAX_TIME) fail(start, `time outside range ${MIN_TIME} - ${MAX_TIME}`);
    }
    while (i < n && text.charCodeAt(i) === SPACE) i++;
    c = i < n ? text.charCodeAt(i) : NEWLINE;
    if (c !== NEWLINE && !(c === CR && text.charCodeAt(i + 1) === NEWLINE)) fail(i, 'unexpected text after the timestamp');
    state.end = i;
    return time;
  }

  /** Whether the text holds `word` at `start`. */
  spells(start: number, word: string): boolean {
    return spells(this.state.text, start, word);
  }

  /**
   * Reads the common numeric values without slicing: an integer of up to fifteen digits with its
   * `i`, or a float of up to fifteen digits without exponent. Such a float is the quotient of two
   * exactly representable numbers, which IEEE division rounds correctly, so it equals what
   * Number() and Go's ParseFloat give (Clinger's fast path). Returns undefined for anything
   * else, including malformed values, which the general path then reads or reports; sets
   * `state.end` after the value.
   */
  simpleNumber(start: number): FieldValue | undefined {
    const text = this.state.text;
    const n = this.state.length;
    let j = start;
    let c = text.charCodeAt(j);
    const negative = c === MINUS;
    if (negative) c = ++j < n ? text.charCodeAt(j) : NEWLINE;
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (;;) {
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === DOT && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
      c = ++j < n ? text.charCodeAt(j) : NEWLINE;
    }
    if (digits === 0 || digits > 15) return undefined;
    let value: FieldValue;
    if (c === LOWER_I) {
      if (fraction >= 0) return undefined;
      c = ++j < n ? text.charCodeAt(j) : NEWLINE;
      value = negative ? BigInt(-mantissa) : mantissa < 1024 ? (smallBigInts[mantissa] as bigint) : BigInt(mantissa);
    } else {
      const signed = negative ? -mantissa : mantissa;
      value = fraction > 0 ? signed / (POWERS_OF_TEN[fraction] as number) : signed;
    }
    if (c !== COMMA && c !== SPACE && c !== NEWLINE && !(c === CR && text.charCodeAt(j + 1) === NEWLINE)) return undefined;
    this.state.end = j;
    return value;
  }

  /**
   * The tag value at `text[start, end)`, shared with an earlier line when a short value repeats.
   * Only values of up to 12 characters are cached: V8 copies those when slicing, whereas longer
   * slices point into the whole text and would keep it alive from the cache.
   */
  tagValue(start: number, end: number): string {
    const text = this.state.text;
    const length = end - start;
    if (length > 12) return text.slice(start, end);
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(start + (length >> 1)) * 17 + text.charCodeAt(end - 1) * 131) & (TAG_VALUE_SLOTS - 1);
    const cached = this.tagValues[slot] as string;
    if (cached.length === length && spells(text, start, cached)) return cached;
    const value = text.slice(start, end);
    this.tagValues[slot] = value;
    return value;
  }

  /**
   * Converts a timestamp of 16 or more digits. Those exceed float64's exact range, and
   * BigInt(string) was the largest single cost of a line, but successive timestamps share their
   * leading digits: the last twelve digits go through a float64 and the leading ones are reused
   * from the previous line when they match.
   */
  private longTimestamp(start: number, end: number, digits: number): bigint {
    const text = this.state.text;
    if (digits > 19 || text.charCodeAt(start) === MINUS) return toInt64(text, start, end, 'timestamp');
    const split = end - 12;
    let high = 0;
    for (let i = start; i < split; i++) high = high * 10 + (text.charCodeAt(i) - 48);
    let low = 0;
    for (let i = split; i < end; i++) low = low * 10 + (text.charCodeAt(i) - 48);
    if (high !== this.timeHigh) {
      this.timeHigh = high;
      this.timeHighValue = BigInt(high) * 1_000_000_000_000n;
    }
    const time = this.timeHighValue + BigInt(low);
    // Only nineteen digits from 9223372... can pass int64.
    if (high >= 9_223_372 && time > MAX_INT64) fail(start, `timestamp out of range ${quote(text.slice(start, end))}`);
    return time;
  }
}

function tokenEnd(text: string, i: number, n: number): number {
  while (i < n && text.charCodeAt(i) !== SPACE && text.charCodeAt(i) !== NEWLINE && text.charCodeAt(i) !== CR) i++;
  return i;
}

/**
 * Whether `text` holds `word` at `start`. A plain loop: String.prototype.startsWith with a
 * position measured twice as slow as slicing for short words.
 */
function spells(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}
