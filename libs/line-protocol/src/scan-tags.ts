import { COMMA, EQUALS, NEWLINE, SPACE, BACKSLASH } from './char-codes';
import { unescapeTag } from './escape';
import { fail, quote } from './scan-failure';
import { isLineEnd, skipEscape, type ScanState } from './scan-state';
import type { TagScratch } from './tag-set';

/**
 * Scans the `key=value` tag pairs that follow the measurement's comma at `from - 1` into
 * `scratch`, and returns the offset of the space that ends the tag set.
 */
export function scanTags(state: ScanState, from: number, scratch: TagScratch): number {
  const text = state.text;
  const n = state.length;
  let i = from;
  for (;;) {
    const keyStart = i;
    let c = i < n ? text.charCodeAt(i) : NEWLINE;
    if (c === SPACE || c === COMMA || c === EQUALS || isLineEnd(text, c, i)) fail(i, 'missing tag key');
    let escaped = false;
    for (;;) {
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      if (c === BACKSLASH) {
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
    const key = escaped ? unescapeTag(text.slice(keyStart, i)) : text.slice(keyStart, i);
    const valueStart = ++i;
    c = i < n ? text.charCodeAt(i) : NEWLINE;
    if (c === COMMA || c === SPACE || isLineEnd(text, c, i)) fail(i, `missing tag value for tag key ${quote(key)}`);
    escaped = false;
    for (;;) {
      c = i < n ? text.charCodeAt(i) : NEWLINE;
      if (c === BACKSLASH) {
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
    const k = scratch.count++;
    scratch.keys[k] = key;
    scratch.values[k] = escaped ? unescapeTag(text.slice(valueStart, i)) : text.slice(valueStart, i);
    scratch.offsets[k] = keyStart;
    if (key === 'time') scratch.timeTag = k;
    if (c === SPACE) return i;
    i++;
  }
}
