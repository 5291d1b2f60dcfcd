/**
 * Decimal digit strings of float64 values, the raw material of Go's `strconv.FormatFloat`.
 *
 * A value is described like Go's internal `decimalSlice`: `digits` "d1d2...dn" without leading or
 * trailing zeros and `point` such that the value is 0.d1d2...dn × 10^point. Zero has no digits.
 */
export interface DecimalDigits {
  readonly digits: string;
  readonly point: number;
}

const ZERO: DecimalDigits = { digits: '', point: 0 };

/**
 * The shortest digit string that parses back to `x` (|x| finite). V8's number-to-string picks,
 * like Go's Ryu implementation, the shortest digits closest to the exact value, so the two agree.
 */
export function shortestDigits(x: number): DecimalDigits {
  if (x === 0) return ZERO;
  const text = Math.abs(x).toExponential();
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e).replace('.', '');
  return { digits: trimZeros(mantissa), point: Number(text.slice(e + 1)) + 1 };
}

/** The exact decimal expansion of a finite float64 (every binary fraction is a finite decimal). */
export function exactDigits(x: number): DecimalDigits {
  if (x === 0) return ZERO;
  const [mantissa, exponent] = decompose(Math.abs(x));
  if (exponent >= 0) {
    const text = (mantissa << BigInt(exponent)).toString();
    return { digits: trimZeros(text), point: text.length };
  }
  // m / 2^k == m * 5^k / 10^k: the digits of m * 5^k with the decimal point moved k places.
  const text = (mantissa * 5n ** BigInt(-exponent)).toString();
  return { digits: trimZeros(text), point: text.length + exponent };
}

/**
 * Rounds exact digits to `n` significant digits the way Go's `decimal.Round` does: half-way cases
 * (only possible when the expansion ends exactly at a 5) go to the even neighbour, everything else
 * to the nearest. `n <= 0` may still round up to a single leading digit (0.6 -> "1" at n = 0).
 */
export function roundDigits(d: DecimalDigits, n: number): DecimalDigits {
  if (n < 0) return ZERO;
  if (n >= d.digits.length) return d;
  if (!shouldRoundUp(d.digits, n)) {
    const kept = trimZeros(d.digits.slice(0, n));
    return kept === '' ? ZERO : { digits: kept, point: d.point };
  }
  let i = n - 1;
  while (i >= 0 && d.digits.charCodeAt(i) === 57 /* '9' */) i--;
  if (i < 0) return { digits: '1', point: d.point + 1 };
  const bumped = d.digits.slice(0, i) + String.fromCharCode(d.digits.charCodeAt(i) + 1);
  return { digits: bumped, point: d.point };
}

function shouldRoundUp(digits: string, n: number): boolean {
  const next = digits.charCodeAt(n);
  if (next === 53 /* '5' */ && n + 1 === digits.length) {
    // Exactly half-way: round to even.
    return n > 0 && (digits.charCodeAt(n - 1) - 48) % 2 === 1;
  }
  return next >= 53;
}

function trimZeros(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === 48) start++;
  let end = text.length;
  while (end > start && text.charCodeAt(end - 1) === 48) end--;
  return text.slice(start, end);
}

const scratch = new DataView(new ArrayBuffer(8));

/** Splits a positive finite double into an integer mantissa and a power of two. */
function decompose(x: number): [bigint, number] {
  scratch.setFloat64(0, x);
  const bits = scratch.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0) return [fraction, -1074];
  return [fraction | 0x10000000000000n, biased - 1075];
}
