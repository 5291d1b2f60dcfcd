/**
 * html/template's escapers for values inside URL attributes (`html/template/url.go`). A value at
 * the start of a URL is filtered (`urlFilter`), one in the path is normalised (`urlNormalizer`),
 * one in the query or fragment is escaped (`urlEscaper`); the attribute escaper runs after them.
 */

/** What html/template puts in place of a URL whose scheme it does not trust. */
const FAILSAFE = '#ZgotmplZ';

/**
 * `urlFilter`: a value with a scheme (text before the first `:` that has no `/`) other than
 * http, https or mailto (any case) is replaced by `#ZgotmplZ`, so `javascript:` never reaches an
 * `href`.
 */
export function urlFilter(s: string): string {
  const colon = s.indexOf(':');
  if (colon < 0) return s;
  const scheme = s.slice(0, colon);
  if (scheme.includes('/')) return s;
  const lower = scheme.toLowerCase();
  return lower === 'http' || lower === 'https' || lower === 'mailto' ? s : FAILSAFE;
}

/** `urlNormalizer`: percent-encodes what may not appear in a URL, keeping its reserved characters and valid `%XX`. */
export function urlNormalizer(s: string): string {
  return processUrl(s, true);
}

/** `urlEscaper`: percent-encodes everything but unreserved characters (a query or fragment value). */
export function urlEscaper(s: string): string {
  return processUrl(s, false);
}

const UTF8 = new TextEncoder();
const RESERVED = new Set('!#$&*+,/:;=?@[]');
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Go's `processURLOnto` over the UTF-8 bytes: each byte it does not keep becomes `%xx` (lower-case hex). */
function processUrl(s: string, normalize: boolean): string {
  if (isPlainAscii(s, normalize)) return s;
  const bytes = UTF8.encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const c = String.fromCharCode(byte);
    if (byte < 0x80 && UNRESERVED.test(c)) out += c;
    else if (normalize && RESERVED.has(c)) out += c;
    else if (normalize && c === '%' && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) out += c;
    else out += '%' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

function isPlainAscii(s: string, normalize: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (!UNRESERVED.test(c) && !(normalize && RESERVED.has(c))) return false;
  }
  return true;
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}
