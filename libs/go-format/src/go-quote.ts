import { isHighSurrogate, isLowSurrogate } from './go-string-order';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const HEX = '0123456789abcdef';

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(codePoint: number): boolean {
  if (codePoint === 0x20) return true;
  if (codePoint < 0x20 || codePoint === 0x7f) return false;
  return PRINTABLE.test(String.fromCodePoint(codePoint));
}

/** Go's `strconv.Quote`: a double-quoted Go string literal, non-printable runes escaped. */
export function quoteGoString(s: string): string {
  let out = '"';
  for (const codePoint of codePoints(s)) out += escapeRune(codePoint, '"');
  return out + '"';
}

/** Go's `strconv.QuoteRune`: a single-quoted Go character literal. */
export function quoteGoRune(codePoint: number): string {
  const valid = codePoint >= 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
  return "'" + escapeRune(valid ? codePoint : 0xfffd, "'") + "'";
}

/** The code points of a JavaScript string, with lone surrogates read as U+FFFD like bad UTF-8. */
export function* codePoints(s: string): Generator<number> {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      yield ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      yield 0xfffd;
    } else {
      yield c;
    }
  }
}

function escapeRune(r: number, quote: string): string {
  const ch = String.fromCodePoint(r);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (isGoPrintable(r)) return ch;
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
    default:
      if (r < 0x20 || r === 0x7f) return '\\x' + HEX.charAt(r >> 4) + HEX.charAt(r & 15);
      if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
      return '\\U' + r.toString(16).padStart(8, '0');
  }
}
