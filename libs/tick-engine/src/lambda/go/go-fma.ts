/**
 * A fused multiply-add, a×b + c rounded once, as the FMA3 instructions (`VFMADD213SD`,
 * `VFNMADD231SD`) compute it: Go's `Exp` on amd64 uses them when the CPU has them.
 *
 * The product is split exactly into two floats (Veltkamp/Dekker), summed exactly with c by
 * TwoSum, and the two low parts are added with rounding to odd before the final rounding to
 * nearest; rounding to odd first makes the double rounding exact (Boldo and Melquiond's
 * emulation of the FMA). Exact while no intermediate overflows or falls below 2^-969, which holds
 * for every use here (operands near 1); outside that range it falls back to a*b + c.
 */

const SPLITTER = 134217729; // 2^27 + 1
const VIEW = new DataView(new ArrayBuffer(8));

export function fma(a: number, b: number, c: number): number {
  const product = a * b;
  if (!Number.isFinite(product) || !Number.isFinite(c) || product === 0 || !inSafeRange(a) || !inSafeRange(b) || !inSafeRange(product) || (c !== 0 && !inSafeRange(c))) {
    return product + c;
  }
  const productLow = twoProductError(a, b, product);
  const [midHigh, midLow] = twoSum(c, productLow);
  const [high, highLow] = twoSum(product, midHigh);
  return high + sumRoundedToOdd(midLow, highLow);
}

function inSafeRange(x: number): boolean {
  const magnitude = Math.abs(x);
  return magnitude > 2 ** -969 && magnitude < 2 ** 995;
}

/** The exact error of the rounded product p = a×b (Dekker's TwoProduct). */
function twoProductError(a: number, b: number, p: number): number {
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  return aLow * bLow - (((p - aHigh * bHigh) - aLow * bHigh) - aHigh * bLow);
}

function split(x: number): [number, number] {
  const t = SPLITTER * x;
  const high = t - (t - x);
  return [high, x - high];
}

/** s = fl(a + b) and the exact error (Knuth's TwoSum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bVirtual = s - a;
  const aVirtual = s - bVirtual;
  return [s, (a - aVirtual) + (b - bVirtual)];
}

/** a + b rounded to odd: the exact sum if it is a float, else its neighbour with an odd mantissa. */
function sumRoundedToOdd(a: number, b: number): number {
  const [s, error] = twoSum(a, b);
  if (error === 0) return s;
  VIEW.setFloat64(0, s);
  const bits = VIEW.getBigUint64(0);
  if ((bits & 1n) === 1n) return s;
  // s is even and inexact: the odd neighbour lies on the side of the error.
  const away = s > 0 === error > 0;
  VIEW.setBigUint64(0, away ? bits + 1n : bits - 1n);
  return VIEW.getFloat64(0);
}
