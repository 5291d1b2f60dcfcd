/**
 * Go's math.Pow (as of Go 1.21+), reproduced step by step because it is not correctly rounded:
 * small integer exponents use repeated squaring and others split into an integer power (by
 * squaring mantissa and exponent separately) times exp(frac*log(x)). JavaScript's `**` rounds
 * differently in the last bit and disagrees on Pow(1, NaN) and Pow(-1, ±Inf), both 1 in Go.
 */

const BITS = new DataView(new ArrayBuffer(8));

/** x = frac × 2^exp with |frac| in [0.5, 1). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let scaled = x;
  let shift = 0;
  if (Math.abs(x) < 2 ** -1022) {
    scaled = x * 2 ** 52;
    shift = -52;
  }
  BITS.setFloat64(0, scaled);
  const high = BITS.getUint32(0);
  const exponent = ((high >>> 20) & 0x7ff) - 1022 + shift;
  BITS.setUint32(0, (high & 0x800fffff) | (1022 << 20));
  return [BITS.getFloat64(0), exponent];
}

/** frac × 2^exp with Go's rounding for subnormal results (one rounding, at the end). */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [mantissa, own] = frexp(frac);
  const total = exp + own - 1;
  const normalised = mantissa * 2;
  if (total < -1075) return frac < 0 ? -0 : 0;
  if (total > 1023) return frac < 0 ? -Infinity : Infinity;
  if (total < -1022) return normalised * 2 ** (total + 53) * 2 ** -53;
  return normalised * 2 ** total;
}

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

function specialCase(x: number, y: number): number | undefined {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) return isOddInteger(y) ? (Object.is(x, -0) ? -Infinity : Infinity) : Infinity;
    return isOddInteger(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === (y === Infinity) ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x === -Infinity) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  return undefined;
}

/** Exponents that fit an int8 use plain repeated squaring. */
function smallIntegerPower(x: number, y: number): number {
  let n = Math.abs(y);
  let result = 1;
  while (n > 1) {
    let square = x;
    let covered = 1;
    while (covered <= Math.floor(n / 2)) {
      square *= square;
      covered *= 2;
    }
    n -= covered;
    result *= square;
  }
  for (let index = 0; index < n; index++) result *= x;
  return y < 0 ? 1 / result : result;
}

export function goPow(x: number, y: number): number {
  const special = specialCase(x, y);
  if (special !== undefined) return special;
  if (Number.isInteger(y) && y >= -128 && y <= 127) return smallIntegerPower(x, y);
  let whole = Math.trunc(Math.abs(y));
  let fraction = Math.abs(y) - whole;
  if (fraction !== 0 && x < 0) return NaN;
  if (whole >= 2 ** 63) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }
  let accumulated = 1;
  let exponent = 0;
  if (fraction !== 0) {
    if (fraction > 0.5) {
      fraction--;
      whole++;
    }
    accumulated = Math.exp(fraction * Math.log(x));
  }
  let [base, baseExponent] = frexp(x);
  for (let bits = BigInt(whole); bits !== 0n; bits >>= 1n) {
    if (baseExponent < -(1 << 12) || baseExponent > 1 << 12) {
      exponent += baseExponent;
      break;
    }
    if ((bits & 1n) === 1n) {
      accumulated *= base;
      exponent += baseExponent;
    }
    base *= base;
    baseExponent *= 2;
    if (base < 0.5) {
      base += base;
      baseExponent--;
    }
  }
  if (y < 0) {
    accumulated = 1 / accumulated;
    exponent = -exponent;
  }
  return ldexp(accumulated, exponent);
}
