import { float64bits, float64frombits } from './go-float-bits';

/**
 * Go's `math.Cbrt` (portable Go on amd64, from FreeBSD's s_cbrt.c): a cube root estimate made
 * from the exponent bits, one rational refinement, rounding to 23 bits, and one Newton step.
 * JavaScript's Math.cbrt uses another algorithm and differs in the last bit for some inputs.
 */

const B1 = 715094163n;
const B2 = 696219795n;
const C = 5.42857142857142815906e-1;
const D = -7.0530612244897961105e-1;
const E = 1.41428571428571436819;
const F = 1.6071428571428572063;
const G = 3.57142857142857150787e-1;
const SMALLEST_NORMAL = 2.22507385850720138309e-308;
const ROUND_MASK = 0xffffffffcn << 28n;

export function goCbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const negative = x < 0;
  const a = Math.abs(x);
  let t = float64frombits(float64bits(a) / 3n + (B1 << 32n));
  if (a < SMALLEST_NORMAL) {
    t = 2 ** 54 * a;
    t = float64frombits(float64bits(t) / 3n + (B2 << 32n));
  }
  let r = (t * t) / a;
  let s = C + r * t;
  t *= G + F / (s + E + D / s);
  t = float64frombits((float64bits(t) & ROUND_MASK) + (1n << 30n));
  s = t * t;
  r = a / s;
  const w = t + t;
  r = (r - t) / (w + r);
  t = t + t * r;
  return negative ? -t : t;
}
