/**
 * Go int64 arithmetic on bigints. Go integers wrap on overflow (two's complement), and a float
 * converted to an integer is truncated toward zero; conversions out of range are
 * implementation-defined in Go, and these helpers reproduce what amd64 builds (Kapacitor's
 * release platform) do.
 */

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const INT64_MIN = -(2n ** 63n);
const SIGN_BIT = 2n ** 63n;

/** Wraps to int64, as every Go int64 operation does. */
export function wrapInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** Go `int64(x)` for a float64 on amd64: truncation; NaN and out-of-range give the minimum int64. */
export function floatToInt64(x: number): bigint {
  if (!(x >= -TWO_63 && x < TWO_63)) return INT64_MIN;
  return BigInt(Math.trunc(x));
}

/** Go `uint64(x)` for a float64 on amd64 (values past 2^63 go through a shifted signed conversion). */
export function floatToUint64(x: number): bigint {
  if (x < TWO_63 || Number.isNaN(x)) return BigInt.asUintN(64, floatToInt64(x));
  if (x >= TWO_64) return BigInt.asUintN(64, INT64_MIN) ^ SIGN_BIT;
  return BigInt.asUintN(64, floatToInt64(x - TWO_63)) ^ SIGN_BIT;
}

/** Go `float64(i)` for an int64: rounds to nearest, ties to even, like Number(). */
export function int64ToFloat(value: bigint): number {
  return Number(value);
}
