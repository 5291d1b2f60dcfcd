import { isHighSurrogate, isLowSurrogate } from './go-string-order';

const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const HEX = '0123456789abcdef';

/**
 * A JSON string literal exactly as Go's `encoding/json` writes it with HTML escaping on (the
 * default of `json.Marshal` and `json.Encoder`):
 *
 * - `"` and `\` are backslash-escaped; `\n`, `\r`, `\t` use their short forms and every other
 *   control character is `\u00XX` (lower-case hex; Go before 1.22, which Kapacitor 1.6 was built
 *   with, has no `\b`/`\f` short forms);
 * - `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`, and U+2028/U+2029 become `\u2028`/`\u2029`;
 * - anything else, including DEL and non-ASCII, is written as raw UTF-8;
 * - a lone UTF-16 surrogate (what an invalid UTF-8 byte becomes) is written as `\ufffd`.
 */
export function encodeJSONString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20) {
      escaped = c === 0x0a ? '\\n' : c === 0x0d ? '\\r' : c === 0x09 ? '\\t' : unicodeEscape(c);
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = '\\\\';
    else if (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) escaped = unicodeEscape(c);
    else if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      i++;
      continue;
    } else if (c >= 0xd800 && c <= 0xdfff) escaped = '\\ufffd';
    if (escaped === undefined) continue;
    out += s.slice(start, i) + escaped;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

function unicodeEscape(c: number): string {
  return '\\u' + HEX.charAt((c >> 12) & 15) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15);
}
