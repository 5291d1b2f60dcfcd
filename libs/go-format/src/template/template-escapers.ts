import { codePoints, isGoPrintable } from '../go-quote';

/** text/template's `html` function (`template.HTMLEscapeString`): `& ' < > "` and NUL. */
export function htmlEscapeString(s: string): string {
  return escapeHtml(s, false);
}

/**
 * html/template's escaper for values interpolated in HTML text (`htmlEscaper` with
 * `htmlReplacementTable`): like `html` plus `+` -> `&#43;`, so `.Time` prints `&#43;0000 UTC`.
 */
export function htmlTextEscape(s: string): string {
  return escapeHtml(s, true);
}

/** A plain loop: this runs on every rendered details, often on a whole JSON document. */
function escapeHtml(s: string, plus: boolean): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    let replacement: string;
    switch (s.charCodeAt(i)) {
      case 0x26:
        replacement = '&amp;';
        break;
      case 0x27:
        replacement = '&#39;';
        break;
      case 0x3c:
        replacement = '&lt;';
        break;
      case 0x3e:
        replacement = '&gt;';
        break;
      case 0x22:
        replacement = '&#34;';
        break;
      case 0x2b:
        if (!plus) continue;
        replacement = '&#43;';
        break;
      case 0x00:
        replacement = '\uFFFD';
        break;
      default:
        continue;
    }
    out += s.slice(start, i) + replacement;
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

const JS_TABLE: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

/**
 * text/template's `js` function (`template.JSEscapeString`): quotes, backslash, `< > & =` and
 * control characters escaped; non-ASCII kept unless Go considers it unprintable (`\uXXXX`).
 */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const r of codePoints(s)) {
    const c = String.fromCodePoint(r);
    const mapped = JS_TABLE[c];
    if (mapped !== undefined) out += mapped;
    else if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isGoPrintable(r)) out += c;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

const UTF8 = new TextEncoder();

/** text/template's `urlquery` function (`url.QueryEscape`): space as `+`, bytes as `%XX`. */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const byte of UTF8.encode(s)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
