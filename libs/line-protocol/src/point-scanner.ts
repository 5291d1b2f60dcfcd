import type { FieldValue, Point } from '@vigil/core';
import { unescapeName, unescapeTag } from './escape';
import { MAX_KEY_LENGTH, checkKeyLength } from './key-length';
import type { ParseOptions } from './parse-options';
import { precisionMultiplier, truncateToPrecision } from './precision';
import { ScanFailure, fail, quote } from './scan-failure';
import { newPairs, type ScanState } from './scan-state';
import { scanString, scanUnquoted } from './scan-values';
import { ShapeCache, createFieldShape, createTagShape, type FieldShape, type TagShape } from './shape-cache';
import { ValueReader } from './value-reader';

// The per-character work of parsing lives in this one module, with its helpers local: a call to
// an imported function costs two getter calls under tsx/esbuild's CommonJS output, which showed
// up as a quarter of the parse time. Constants are module locals for the same reason; calls on
// an instance (this.values) do not pay that cost.
const NUL = 0;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;
const KEY_LENGTH_LIMIT = MAX_KEY_LENGTH;

/** A line that parses but that InfluxDB's storage would drop. */
export class RejectedPoint extends ScanFailure {}

/**
 * Turns one line of line protocol into a point. `state` holds the text; `parsePoint` is given the
 * offset of the line's first non-blank character and leaves `state.end` at the line terminator.
 * Lines usually repeat the measurement and keys of the line before, so where the text spells the
 * previous line's name followed by the right delimiter, that string is taken without scanning or
 * slicing; tag and field objects are built by per-key-sequence factories.
 */
export class PointScanner {
  readonly state: ScanState = { text: '', length: 0, final: true, end: 0, innerNewlines: 0 };
  private readonly values = new ValueReader(this.state);
  private readonly tags = newPairs<string>();
  private readonly fields = newPairs<FieldValue>();
  private readonly tagShapes = new ShapeCache<string, TagShape>(createTagShape);
  private readonly fieldShapes = new ShapeCache<FieldValue, FieldShape>(createFieldShape);
  /** The previous line's measurement when it had no escapes, else ''. */
  private lastMeasurement = '';
  /** What the last scanMeasurement read. */
  private measurement = '';
  private database = '';
  private retentionPolicy = '';

  configure(options: ParseOptions): void {
    const precision = options.precision ?? 'n';
    this.database = options.database ?? '';
    this.retentionPolicy = options.retentionPolicy ?? '';
    const defaultTime = options.defaultTime === undefined ? undefined : truncateToPrecision(options.defaultTime, precision);
    this.values.configureTime(precisionMultiplier(precision), defaultTime);
  }

  /** Drops references to the last text, so that a parsed body is not kept alive by the scanner. */
  release(): void {
    this.state.text = '';
    this.lastMeasurement = '';
    this.measurement = '';
  }

  parsePoint(start: number): Point {
    const text = this.state.text;
    let i = this.scanMeasurement(start);
    const measurement = this.measurement;
    const tagPairs = this.tags;
    tagPairs.count = 0;
    if (text.charCodeAt(i) === COMMA) i = this.scanTags(i + 1);
    const tagShape = this.tagShapes.find(tagPairs.keys, tagPairs.count);
    if (tagShape.duplicate >= 0) {
      const key = tagPairs.keys[tagShape.duplicate] as string;
      fail(tagPairs.offsets[tagShape.duplicate] as number, `duplicate tags: tag key ${quote(key)} is given more than once`);
    }
    i = this.scanFields(i + 1, start, i - start);
    const time = this.values.time(i);
    const fieldPairs = this.fields;
    const fieldShape = this.fieldShapes.find(fieldPairs.keys, fieldPairs.count);
    // InfluxDB's shard validation drops points with a tag key "time", and drops fields named
    // "time", refusing the point when no other field is left. A repeated field key keeps its last
    // value, as InfluxDB's Fields() map does.
    if (tagShape.timeTag >= 0) {
      const offset = tagPairs.offsets[tagShape.timeTag] as number;
      throw new RejectedPoint(offset, `invalid tag key: input tag "time" on measurement ${quote(measurement)} is invalid`);
    }
    if (fieldShape.timeOnly) {
      const offset = fieldPairs.offsets[fieldShape.timeField] as number;
      throw new RejectedPoint(offset, `invalid field name: input field "time" on measurement ${quote(measurement)} is invalid`);
    }
    const tags = tagShape.build(tagPairs.values);
    const fields = fieldShape.build(fieldPairs.values);
    return { database: this.database, retentionPolicy: this.retentionPolicy, name: measurement, tags, fields, time };
  }

  /** Reads the measurement into `measurement`; returns the offset of the ',' or ' ' after it. */
  private scanMeasurement(start: number): number {
    const text = this.state.text;
    const n = this.state.length;
    let c = text.charCodeAt(start);
    if (c === COMMA) fail(start, 'missing measurement');
    const last = this.lastMeasurement;
    if (last !== '' && this.values.spells(start, last) && ((c = text.charCodeAt(start + last.length)) === COMMA || c === SPACE)) {
      // Same measurement as the previous line: no need to scan it again.
      this.measurement = last;
      return start + last.length;
    }
    let i = start;
    let escaped = false;
    for (;;) {
      if (i >= n) fail(i, 'missing fields');
      c = text.charCodeAt(i);
      // Every delimiter sorts at or below the backslash, so letters take one comparison.
      if (c > BACKSLASH) {
        i++;
      } else if (c === BACKSLASH) {
        escaped = true;
        i = skipEscape(text, i, n);
      } else if (c === COMMA || c === SPACE) {
        break;
      } else if (isLineEnd(text, c, i)) {
        fail(i, 'missing fields');
      } else {
        i++;
      }
    }
    this.measurement = escaped ? unescapeName(text.slice(start, i)) : text.slice(start, i);
    // Only a measurement without escapes can be recognised by spelling on the next line.
    this.lastMeasurement = escaped ? '' : this.measurement;
    return i;
  }

  /** Scans the `key=value` tag pairs after the measurement's comma; returns the offset of the space after them. */
  private scanTags(from: number): number {
    const text = this.state.text;
    const n = this.state.length;
    const pairs = this.tags;
    const previousTags = this.tagShapes.last;
    let i = from;
    for (;;) {
      const keyStart = i;
      const k = pairs.count;
      const previous = previousTags.keys[k];
      let key: string;
      let c: number;
      let escaped = false;
      if (previous !== undefined && previousTags.plain[k] === true && this.values.spells(i, previous) && text.charCodeAt(i + previous.length) === EQUALS) {
        // The key of the previous line at this position: no need to scan it again.
        key = previous;
        i += previous.length;
      } else {
        c = i < n ? text.charCodeAt(i) : NEWLINE;
        if (c === SPACE || c === COMMA || c === EQUALS || isLineEnd(text, c, i)) fail(i, 'missing tag key');
        for (;;) {
          c = i < n ? text.charCodeAt(i) : NEWLINE;
          if (c > BACKSLASH) {
            i++;
          } else if (c === BACKSLASH) {
            escaped = true;
            i = skipEscape(text, i, n);
          } else if (c === EQUALS) {
            break;
          } else if (c === SPACE || c === COMMA || isLineEnd(text, c, i)) {
            fail(i, `expected '=' after tag key ${quote(text.slice(keyStart, i))}`);
          } else {
            i++;
          }
        }
        key = escaped ? unescapeTag(text.slice(keyStart, i)) : text.slice(keyStart, i);
      }
      const valueStart = ++i;
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      if (c === COMMA || c === SPACE || isLineEnd(text, c, i)) fail(i, `missing tag value for tag key ${quote(key)}`);
      escaped = false;
      for (;;) {
        c = i < n ? text.charCodeAt(i) : NEWLINE;
        if (c > BACKSLASH) {
          i++;
        } else if (c === BACKSLASH) {
          escaped = true;
          i = skipEscape(text, i, n);
        } else if (c === COMMA || c === SPACE) {
          break;
        } else if (c === EQUALS && i !== valueStart) {
          // InfluxDB's "invalid tag format". A '=' as the first character is part of the value there.
          fail(i, `invalid tag format: unescaped '=' in the value of tag key ${quote(key)}`);
        } else if (isLineEnd(text, c, i)) {
          fail(i, 'missing fields');
        } else {
          i++;
        }
      }
      pairs.keys[k] = key;
      pairs.values[k] = escaped ? unescapeTag(text.slice(valueStart, i)) : this.values.tagValue(valueStart, i);
      pairs.offsets[k] = keyStart;
      pairs.count = k + 1;
      if (c === SPACE) return i;
      i++;
    }
  }

  /**
   * Scans the field set, which starts after blanks at `from`, into `fields`; `start` and
   * `keyLength` locate the series key for the key-length check. Returns the offset of the space
   * or line end after the field set. Keys and values are read inline: as separate methods they
   * cost a fifth of the parse rate.
   */
  private scanFields(from: number, start: number, keyLength: number): number {
    const state = this.state;
    const text = state.text;
    const n = state.length;
    let i = from;
    let c = NEWLINE;
    while (i < n && ((c = text.charCodeAt(i)) === SPACE || c === TAB || c === NUL)) i++;
    if (i >= n || isLineEnd(text, c, i)) fail(i, 'missing fields');
    const pairs = this.fields;
    const previousFields = this.fieldShapes.last;
    let f = 0;
    for (;;) {
      // The key: the previous line's key at this position when the text spells it, else scanned.
      const keyStart = i;
      const previous = previousFields.keys[f];
      let key: string;
      if (previous !== undefined && previousFields.plain[f] === true && this.values.spells(i, previous) && text.charCodeAt(i + previous.length) === EQUALS) {
        key = previous;
        i += previous.length;
      } else {
        c = i < n ? text.charCodeAt(i) : NEWLINE;
        if (c === EQUALS || c === COMMA || c === SPACE || isLineEnd(text, c, i)) fail(i, 'missing field key');
        let escaped = false;
        for (;;) {
          c = i < n ? text.charCodeAt(i) : NEWLINE;
          if (c > BACKSLASH) {
            i++;
          } else if (c === BACKSLASH) {
            escaped = true;
            i = skipEscape(text, i, n);
          } else if (c === EQUALS) {
            break;
          } else if (c === COMMA || c === SPACE || isLineEnd(text, c, i)) {
            fail(i, `expected '=' after field key ${quote(text.slice(keyStart, i))}`);
          } else {
            i++;
          }
        }
        key = escaped ? unescapeName(text.slice(keyStart, i)) : text.slice(keyStart, i);
      }
      if ((keyLength + 4 + i - keyStart) * 3 > KEY_LENGTH_LIMIT) checkKeyLength(text, start, keyLength, keyStart, i);

      // The value: a quoted string, a common number read without slicing, or anything else.
      const valueStart = ++i;
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      let value: FieldValue | undefined;
      if (c === QUOTE) {
        value = scanString(state, i, key);
        i = state.end;
        c = i < n ? text.charCodeAt(i) : NEWLINE;
        if (c !== COMMA && c !== SPACE && !isLineEnd(text, c, i)) fail(i, `expected ',' or ' ' after the string value of field ${quote(key)}`);
      } else if ((value = this.values.simpleNumber(i)) !== undefined) {
        i = state.end;
        c = i < n ? text.charCodeAt(i) : NEWLINE;
      } else {
        while (c > SPACE ? c !== COMMA : c !== SPACE && !isLineEnd(text, c, i)) c = ++i < n ? text.charCodeAt(i) : NEWLINE;
        if (i === valueStart) fail(i, `missing field value for field key ${quote(key)}`);
        value = scanUnquoted(text, valueStart, i);
      }
      pairs.keys[f] = key;
      pairs.values[f] = value;
      pairs.offsets[f] = keyStart;
      f++;
      if (c !== COMMA) break;
      i++;
    }
    pairs.count = f;
    return i;
  }
}

/** Whether `c`, the character at `i`, ends the line: '\n', or '\r' followed by '\n'. */
function isLineEnd(text: string, c: number, i: number): boolean {
  return c === NEWLINE || (c === CR && text.charCodeAt(i + 1) === NEWLINE);
}

/**
 * Steps over a backslash at `i` in a measurement, tag or field key. The character after it is
 * never a delimiter, but a second backslash still escapes the character after itself (InfluxDB
 * looks at the previous byte), and a newline always ends the line (InfluxDB would glue the next
 * line on; its docs say names cannot contain newlines, so vigil does not).
 */
function skipEscape(text: string, i: number, n: number): number {
  const next = i + 1 < n ? text.charCodeAt(i + 1) : NEWLINE;
  return next === BACKSLASH || next === NEWLINE ? i + 1 : i + 2;
}
