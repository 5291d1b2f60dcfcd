import { fma } from './go-fma';
import { ldexp } from './go-float-bits';

/**
 * Go's `math.Exp` and `math.Exp2` as a Kapacitor 1.5.9 server computes them (an amd64 build,
 * Go 1.15.5 per its Dockerfile_build_ubuntu64).
 *
 * On amd64 `Exp` is not Go code but `exp_amd64.s`: a reduced argument fed to a Taylor polynomial,
 * squared back four times. That file has two paths, taken by whether the CPU has AVX and FMA
 * (`useFMA` in exp_amd64.go): with them, the reductions, the polynomial and the last squaring use
 * fused multiply-adds, rounded once, and results differ from the plain path in the last bit for
 * some inputs. Every x86-64 server CPU since 2013 (Haswell, Piledriver) has FMA, so `goExp` takes
 * the FMA path; `goExpWithoutFma` is the other, for a Kapacitor on an older CPU.
 *
 * `Exp2` has no assembly on amd64: it is Go's `exp2` and `expmulti`.
 */

const LOG2E = 1.442695040888963407359924681001892;
const LN2U = 0.69314718055966295651160180568695068359375;
const LN2L = 0.28235290563031577122588448175013436025525412068e-12;
const OVERFLOW = 7.09782712893384e2;
/** 1/8!, 1/7!, ..., 1/3!, 1/2, 1: the Taylor coefficients, highest first. */
const TAYLOR = [2.4801587301587301587e-5, 1.9841269841269841270e-4, 1.3888888888888888889e-3, 8.3333333333333333333e-3, 4.1666666666666666667e-2, 1.6666666666666666667e-1, 0.5, 1.0];

export function goExp(x: number): number {
  return amd64Exp(x, true);
}

export function goExpWithoutFma(x: number): number {
  return amd64Exp(x, false);
}

function amd64Exp(x: number, fused: boolean): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > OVERFLOW) return Infinity;
  // CVTSD2SL rounds to nearest even; a value outside int32 becomes the "integer indefinite".
  const k = int32RoundEven(LOG2E * x);
  let r = x;
  if (fused) {
    r = fma(-LN2U, k, r);
    r = fma(-LN2L, k, r);
  } else {
    r -= LN2U * k;
    r -= LN2L * k;
  }
  r *= 0.0625;
  let poly = TAYLOR[0] as number;
  for (let i = 1; i < TAYLOR.length; i++) poly = fused ? fma(poly, r, TAYLOR[i] as number) : poly * r + (TAYLOR[i] as number);
  // r·p(r) is e^r - 1; (e^r - 1)(e^r + 1) = e^2r - 1, four times, undoes the division by 16.
  let m = r * poly;
  for (let i = 0; i < 3; i++) m *= m + 2;
  m = fused ? fma(m + 2, m, 1) : m * (m + 2) + 1;
  return scaleByPowerOfTwo(m, k);
}

/** What the assembly does with 2^k: multiply by it, in two steps when the result is subnormal. */
function scaleByPowerOfTwo(m: number, k: number): number {
  const biased = k + 0x3ff;
  if (biased >= 0x7ff) return Infinity;
  if (biased > 0) return m * 2 ** (biased - 1023);
  if (biased < -52) return 0;
  return m * 2 ** (biased + 0x3fe - 1023) * 2 ** -1022;
}

function int32RoundEven(x: number): number {
  const rounded = x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
  if (!(rounded >= -2147483648 && rounded <= 2147483647)) return -2147483648;
  return rounded;
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const EXP2_OVERFLOW = 1.0239999999999999e3;
const EXP2_UNDERFLOW = -1.074e3;
const P = [1.66666666666666657415e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.65339022054652515390e-6, 4.13813679705723846039e-8];

/** math.Exp2: k = x rounded half away from zero, 2^(x-k) by the exp polynomial, then Ldexp. */
export function goExp2(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > EXP2_OVERFLOW) return Infinity;
  if (x < EXP2_UNDERFLOW) return 0;
  const k = x > 0 ? Math.trunc(x + 0.5) : x < 0 ? Math.trunc(x - 0.5) : 0;
  const t = x - k;
  return expMulti(t * LN2_HI, -t * LN2_LO, k);
}

/** Go's expmulti: e^(hi - lo) × 2^k. */
function expMulti(hi: number, lo: number, k: number): number {
  const r = hi - lo;
  const t = r * r;
  const c = r - t * ((P[0] as number) + t * ((P[1] as number) + t * ((P[2] as number) + t * ((P[3] as number) + t * (P[4] as number)))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return ldexp(y, k);
}
