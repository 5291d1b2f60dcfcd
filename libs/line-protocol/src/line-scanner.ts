import type { FieldValue, Point } from '@vigil/core';
import { BACKSLASH, COMMA, CR, EQUALS, HASH, NEWLINE, NUL, QUOTE, SPACE, TAB } from './char-codes';
import { unescapeName } from './escape';
import { LineProtocolError } from './line-protocol-error';
import type { ParseOptions } from './parse-options';
import { precisionMultiplier, truncateToPrecision } from './precision';
import { NEED_MORE_INPUT, ScanFailure, fail, quote } from './scan-failure';
import { isLineEnd, skipEscape, type ScanState } from './scan-state';
import { scanTags } from './scan-tags';
import { scanTime } from './scan-time';
import { scanString, scanUnquoted } from './scan-values';
import { collectTags, newTagScratch, setOwn } from './tag-set';

/** InfluxDB's limit on measurement + tags + field key, in UTF-8 bytes (models.MaxKeyLength). */
const MAX_KEY_LENGTH = 65535;
/** A chunk's unfinished line is parsed as final once it grows past this many characters. */
const MAX_PENDING_LINE = 1 << 20;

/** Where `scan` puts its results; the arrays are appended to. */
export interface ScanOutput {
  readonly points: Point[];
  /** 1-based source line of each point, parallel to `points`. */
  readonly lines: number[];
  readonly errors: LineProtocolError[];
}

/** A line that parses but that InfluxDB's storage would drop. */
class RejectedPoint extends ScanFailure {}

/**
 * A hand-written scanner over line protocol text. It walks the text once with charCodeAt, slices
 * names out of it (unescaping only when a backslash was seen) and never splits the text into
 * line strings. One instance serves many calls; it is not re-entrant.
 */
export class LineScanner {
  private readonly state: ScanState = { text: '', length: 0, final: true, end: 0, innerNewlines: 0 };
  private readonly tags = newTagScratch();
  private database = '';
  private retentionPolicy = '';
  private multiplier = 1n;
  private defaultTime: bigint | undefined;

  configure(options: ParseOptions = {}): this {
    const precision = options.precision ?? 'n';
    this.database = options.database ?? '';
    this.retentionPolicy = options.retentionPolicy ?? '';
    this.multiplier = precisionMultiplier(precision);
    this.defaultTime = options.defaultTime === undefined ? undefined : truncateToPrecision(options.defaultTime, precision);
    return this;
  }

  /**
   * Parses `text`, whose first line is numbered `firstLine`. With `final` false the text is a
   * chunk ending on a line boundary, and a quoted string running off its end is left for the next
   * chunk: `consumed` tells how much text was used and `nextLine` the number of the next line.
   */
  scan(text: string, firstLine: number, final: boolean, out: ScanOutput): { consumed: number; nextLine: number } {
    const state = this.state;
    state.text = text;
    state.length = text.length;
    const n = text.length;
    let pos = 0;
    let line = firstLine;
    while (pos < n) {
      let i = pos;
      let c = text.charCodeAt(i);
      while ((c === SPACE || c === TAB || c === NUL) && ++i < n) c = text.charCodeAt(i);
      if (i >= n) break;
      if (c === NEWLINE || c === HASH || (c === CR && text.charCodeAt(i + 1) === NEWLINE)) {
        // A blank line, or a comment: '#' as the first non-blank character.
        const newline = text.indexOf('\n', i);
        if (newline < 0) break;
        pos = newline + 1;
        line++;
        continue;
      }
      state.final = final || n - pos > MAX_PENDING_LINE;
      state.innerNewlines = 0;
      try {
        const point = this.parsePoint(i);
        out.points.push(point);
        out.lines.push(line);
        const end = state.end;
        pos = end >= n ? n : text.charCodeAt(end) === CR ? end + 2 : end + 1;
        line += state.innerNewlines + 1;
      } catch (failure) {
        if (failure === NEED_MORE_INPUT) return { consumed: pos, nextLine: line };
        if (!(failure instanceof ScanFailure)) throw failure;
        const newline = text.indexOf('\n', failure.resumeFrom);
        const end = newline < 0 ? n : newline;
        out.errors.push(this.toError(failure, pos, i, end, line));
        line += countNewlines(text, pos, end) + 1;
        pos = end + 1;
      }
    }
    return { consumed: n, nextLine: line };
  }

  private toError(failure: ScanFailure, lineStart: number, contentStart: number, end: number, line: number): LineProtocolError {
    const text = this.state.text;
    const offset = failure.offset;
    const physicalStart = offset > lineStart ? text.lastIndexOf('\n', offset - 1) + 1 : lineStart;
    const contentEnd = end > contentStart && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    return new LineProtocolError(
      failure.reason,
      line + countNewlines(text, lineStart, offset),
      offset - physicalStart + 1,
      text.slice(contentStart, contentEnd),
      failure instanceof RejectedPoint ? 'rejected' : 'syntax',
    );
  }

  /** Parses the line whose first non-blank character is at `start`; sets `state.end` to its terminator. */
  private parsePoint(start: number): Point {
    const state = this.state;
    const text = state.text;
    const n = state.length;
    let i = start;
    let c = text.charCodeAt(i);
    if (c === COMMA) fail(i, 'missing measurement');
    let escaped = false;
    for (;;) {
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      if (c === BACKSLASH) {
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
    const measurement = escaped ? unescapeName(text.slice(start, i)) : text.slice(start, i);
    const scratch = this.tags;
    scratch.count = 0;
    scratch.timeTag = -1;
    if (c === COMMA) i = scanTags(state, i + 1, scratch);
    const keyLength = i - start;
    const tags = collectTags(scratch);

    // The field set: skip the blanks InfluxDB skips, then key=value pairs separated by commas.
    i++;
    while (i < n && ((c = text.charCodeAt(i)) === SPACE || c === TAB || c === NUL)) i++;
    if (i >= n || isLineEnd(text, c, i)) fail(i, 'missing fields');
    const fields: Record<string, FieldValue> = {};
    let hasField = false;
    let timeField = -1;
    for (;;) {
      const keyStart = i;
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      if (c === EQUALS || c === COMMA || c === SPACE || isLineEnd(text, c, i)) fail(i, 'missing field key');
      escaped = false;
      for (;;) {
        c = i < n ? text.charCodeAt(i) : NEWLINE;
        if (c === BACKSLASH) {
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
      const key = escaped ? unescapeName(text.slice(keyStart, i)) : text.slice(keyStart, i);
      if ((keyLength + 4 + i - keyStart) * 3 > MAX_KEY_LENGTH) checkKeyLength(text, start, keyLength, keyStart, i);
      const valueStart = ++i;
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      let value: FieldValue;
      if (c === QUOTE) {
        value = scanString(state, i, key);
        i = state.end;
        c = i < n ? text.charCodeAt(i) : NEWLINE;
        if (c !== COMMA && c !== SPACE && !isLineEnd(text, c, i)) {
          fail(i, `expected ',' or ' ' after the string value of field ${quote(key)}`);
        }
      } else {
        while (c !== COMMA && c !== SPACE && !isLineEnd(text, c, i)) c = ++i < n ? text.charCodeAt(i) : NEWLINE;
        if (i === valueStart) fail(i, `missing field value for field key ${quote(key)}`);
        value = scanUnquoted(text, valueStart, i);
      }
      // InfluxDB's storage drops a field named "time" and refuses the point when it was the only
      // field (tsdb field validation). A repeated key keeps its last value, as InfluxDB's
      // Fields() map does.
      if (key === 'time') {
        timeField = keyStart;
      } else {
        setOwn(fields, key, value);
        hasField = true;
      }
      if (c !== COMMA) break;
      i++;
    }

    const time = scanTime(state, i, c, this.multiplier) ?? this.defaultTime;
    if (time === undefined) fail(state.end, 'missing timestamp and no default time was supplied');
    if (scratch.timeTag >= 0) {
      // InfluxDB's shard validation drops points with a tag key "time".
      const offset = scratch.offsets[scratch.timeTag] as number;
      throw new RejectedPoint(offset, `invalid tag key: input tag "time" on measurement ${quote(measurement)} is invalid`);
    }
    if (!hasField) {
      throw new RejectedPoint(timeField, `invalid field name: input field "time" on measurement ${quote(measurement)} is invalid`);
    }
    return { database: this.database, retentionPolicy: this.retentionPolicy, name: measurement, tags, fields, time };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function checkKeyLength(text: string, start: number, keyLength: number, fieldKeyStart: number, fieldKeyEnd: number): void {
  const size = utf8Length(text, start, start + keyLength) + 4 + utf8Length(text, fieldKeyStart, fieldKeyEnd);
  if (size > MAX_KEY_LENGTH) fail(fieldKeyStart, `max key length exceeded: ${size} > ${MAX_KEY_LENGTH}`);
}

function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
