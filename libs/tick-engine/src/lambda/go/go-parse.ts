/**
 * The Go strconv parsers behind bool(), int() and float() on strings. Each returns undefined
 * where Go returns an error.
 */

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool. */
export function parseGoBool(text: string): boolean | undefined {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return undefined;
}

const INT_SYNTAX = /^[+-]?[0-9]+$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.ParseInt(text, 10, 64): optional sign and decimal digits, no underscores, in range. */
export function parseGoInt(text: string): bigint | undefined {
  if (!INT_SYNTAX.test(text)) return undefined;
  const value = BigInt(text);
  return value > INT64_MAX || value < INT64_MIN ? undefined : value;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))[pP]([+-]?[0-9]+)$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/**
 * strconv.ParseFloat(text, 64): decimal and hexadecimal (`0x1.8p3`) forms, `inf`/`infinity`
 * with an optional sign and `nan`, case-insensitive. A finite number too large for float64 is an
 * error (Go's ErrRange); underflow quietly gives zero. Underscore digit separators are not
 * accepted (Go only allows them after a base prefix).
 */
export function parseGoFloat(text: string): number | undefined {
  if (DECIMAL_FLOAT.test(text)) return finite(Number(text));
  const infinity = INFINITY.exec(text);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const hex = HEX_FLOAT.exec(text);
  if (hex) return finite(hexFloat(hex[1] === '-', hex[2] ?? '', Number(hex[3])));
  return undefined;
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

function hexFloat(negative: boolean, mantissa: string, exponent: number): number {
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  // Exact while the mantissa fits in 53 bits; longer hex mantissas are rare enough to round twice.
  const value = Number.parseInt(digits === '' ? '0' : digits, 16) * 2 ** (exponent - 4 * fraction.length);
  return negative ? -value : value;
}
