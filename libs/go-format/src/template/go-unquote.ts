/**
 * Go's `strconv.Unquote` for the literals a template may contain: "interpreted" strings with
 * escapes, `raw` strings, and 'c' character constants (returned as their code point).
 * Throws a plain Error with Go's reason on malformed input.
 */
export function unquoteGoString(literal: string): string {
  const quote = literal.charAt(0);
  const body = literal.slice(1, -1);
  if (quote === '`') return body.replace(/\r/g, '');
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body.charAt(i);
    if (c !== '\\') {
      if (c === quote) throw new Error('invalid syntax');
      out += c;
      i++;
      continue;
    }
    const [text, next] = unescape(body, i, quote);
    out += text;
    i = next;
  }
  return out;
}

export function unquoteGoRune(literal: string): number {
  const text = unquoteGoString(literal);
  const codePoint = text.codePointAt(0);
  if (codePoint === undefined || String.fromCodePoint(codePoint).length !== text.length) {
    throw new Error('invalid syntax');
  }
  return codePoint;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Decodes the escape sequence at `body[i]` (a backslash); returns the text and the next index. */
function unescape(body: string, i: number, quote: string): [string, number] {
  const kind = body.charAt(i + 1);
  const simple = SIMPLE[kind];
  if (simple !== undefined) return [simple, i + 2];
  if (kind === quote) return [quote, i + 2];
  const hexLength = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const digits = body.slice(i + 2, i + 2 + hexLength);
    if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hexLength) throw new Error('invalid syntax');
    const value = parseInt(digits, 16);
    // \xHH is a single byte in Go; only the ASCII range maps to the same character here.
    if (kind === 'x' && value > 0x7f) throw new Error('non-ASCII \\x escapes are not supported');
    if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) throw new Error('invalid syntax');
    return [String.fromCodePoint(value), i + 2 + hexLength];
  }
  if (kind >= '0' && kind <= '7') {
    const digits = body.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(digits)) throw new Error('invalid syntax');
    const value = parseInt(digits, 8);
    if (value > 0x7f) throw new Error('non-ASCII octal escapes are not supported');
    return [String.fromCharCode(value), i + 4];
  }
  throw new Error('invalid syntax');
}
