import { codePoints, isGoPrintable } from '../go-quote';

/** text/template's `html` function (`template.HTMLEscapeString`): `& ' < > "` and NUL. */
export function htmlEscapeString(s: string): string {
  if (!/[&'<>"\u0000]/.test(s)) return s;
  return s.replace(/[&'<>"\u0000]/g, (c) => HTML_FUNC_TABLE[c] ?? c);
}

const HTML_FUNC_TABLE: Record<string, string> = {
  '&': '&amp;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  '\u0000': '\uFFFD',
};

/**
 * html/template's escaper for values interpolated in HTML text (`htmlEscaper` with
 * `htmlReplacementTable`): like `html` plus `+` -> `&#43;`, so `.Time` prints `&#43;0000 UTC`.
 */
export function htmlTextEscape(s: string): string {
  if (!/[&'<>"+\u0000]/.test(s)) return s;
  return s.replace(/[&'<>"+\u0000]/g, (c) => (c === '+' ? '&#43;' : (HTML_FUNC_TABLE[c] ?? c)));
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
