import { float64bits, float64frombits } from './go-float-bits';

/**
 * Go's `math.Log` on amd64, which is `log_amd64.s`, and `math.Log10`, which multiplies it by
 * 1/ln 10. The assembly evaluates the same FreeBSD polynomial as Go's portable `log` (and as
 * JavaScript engines' fdlibm), but splits x into mantissa and exponent straight from its bits
 * without normalising subnormals first, so for a subnormal x it answers as if the exponent field
 * were that of 2^-1022 (Log(5e-324) is -709.0895657128241, not -744.44...). It also takes the halving
 * branch when the mantissa equals √2/2, where `log` does not.
 */

const HALF_SQRT2 = 7.07106781186547524401e-1;
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const L1 = 6.66666666666673513e-1;
const L2 = 3.999999999940941908e-1;
const L3 = 2.857142874366239149e-1;
const L4 = 2.222219843214978396e-1;
const L5 = 1.818357216161805012e-1;
const L6 = 1.531383769920937332e-1;
const L7 = 1.479819860511658591e-1;
const MANTISSA = 0x000fffffffffffffn;
const HALF_BITS = 0x3fe0000000000000n;

export function goLog(x: number): number {
  if (x === 0) return -Infinity;
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x < 0) return NaN;
  const bits = float64bits(x);
  let f1 = float64frombits((bits & MANTISSA) | HALF_BITS);
  let k = Number((bits >> 52n) & 0x7ffn) - 0x3fe;
  if (f1 <= HALF_SQRT2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + (t1 + t2)) + k * LN2_LO) - f);
}

/** 1/ln 10 rounded once, as Go's constant expression `1 / Ln10` is. */
const INV_LN10 = 0.4342944819032518;

export function goLog10(x: number): number {
  return goLog(x) * INV_LN10;
}
