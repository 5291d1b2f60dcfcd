import { goJ0, goJ1, goJn, goY0, goY1, goYn } from '../go/go-bessel';
import { goCbrt } from '../go/go-cbrt';
import { goExp, goExp2 } from '../go/go-exp';
import { goLog, goLog10 } from '../go/go-log';
import { goPow } from '../go/go-pow';
import { goErf, goErfc, goGamma, goLogb, goPow10 } from '../go/go-special-math';
import { goCos, goSin, goTan } from '../go/go-trig';
import { FLOAT, INT, type Value } from '../value-type';
import { signature, stateless, type FunctionSpec } from './function-spec';

/**
 * Go's math package as lambda functions. Arguments must be floats (Kapacitor has no implicit
 * int-to-float conversion: `abs("int_field")` is an error, `abs(float("int_field"))` works);
 * pow10, jn and yn take an int order.
 *
 * Where JavaScript's Math and Go differ in the last bit, the function is a port of what a
 * Kapacitor 1.5.9 server runs (Go 1.15, amd64): the portable Go code for cbrt, exp2, sin, cos,
 * tan and pow, and the amd64 assembly for exp and log (hence log10); see the files in ../go.
 * The others (acos, asin, atan, the hyperbolics, expm1, log1p, log2, atan2) still use Math.
 */

type Math1 = (x: number) => number;
type Math2 = (x: number, y: number) => number;

const ONE_FLOAT = [signature([FLOAT], FLOAT)];
const TWO_FLOATS = [signature([FLOAT, FLOAT], FLOAT)];

const MATH1: Readonly<Record<string, Math1>> = {
  abs: Math.abs,
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  cbrt: goCbrt,
  ceil: Math.ceil,
  cos: goCos,
  cosh: Math.cosh,
  erf: goErf,
  erfc: goErfc,
  exp: goExp,
  exp2: goExp2,
  expm1: Math.expm1,
  floor: Math.floor,
  gamma: goGamma,
  j0: goJ0,
  j1: goJ1,
  log: goLog,
  log10: goLog10,
  log1p: Math.log1p,
  log2: Math.log2,
  logb: goLogb,
  sin: goSin,
  sinh: Math.sinh,
  sqrt: Math.sqrt,
  tan: goTan,
  tanh: Math.tanh,
  trunc: Math.trunc,
  y0: goY0,
  y1: goY1,
};

const MATH2: Readonly<Record<string, Math2>> = {
  atan2: Math.atan2,
  hypot: goHypot,
  // Math.max/min and Go agree on NaN and on +0 versus -0.
  max: Math.max,
  min: Math.min,
  // JavaScript's % on floats is C's fmod, as Go's math.Mod.
  mod: (x, y) => x % y,
  pow: goPow,
};

/**
 * math.Hypot scales by the larger operand, p·sqrt(1+(q/p)²); Math.hypot rounds differently.
 * Infinity wins over NaN, as in Go.
 */
function goHypot(x: number, y: number): number {
  if (!Number.isFinite(x) && !Number.isNaN(x)) return Infinity;
  if (!Number.isFinite(y) && !Number.isNaN(y)) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  let p = Math.abs(x);
  let q = Math.abs(y);
  if (p < q) [p, q] = [q, p];
  if (p === 0) return 0;
  q /= p;
  return p * Math.sqrt(1 + q * q);
}

/** A Go int argument: int64 narrowed to a JavaScript number (orders past 2^53 are not meaningful). */
function order(value: Value): number {
  return Number(value as bigint);
}

export const MATH_FUNCTIONS: readonly FunctionSpec[] = [
  ...Object.entries(MATH1).map(([name, apply]) => stateless(name, ONE_FLOAT, (args) => apply(args[0] as number))),
  ...Object.entries(MATH2).map(([name, apply]) => stateless(name, TWO_FLOATS, (args) => apply(args[0] as number, args[1] as number))),
  stateless('pow10', [signature([INT], FLOAT)], (args) => goPow10(args[0] as bigint)),
  stateless('jn', [signature([INT, FLOAT], FLOAT)], (args) => goJn(order(args[0] as Value), args[1] as number)),
  stateless('yn', [signature([INT, FLOAT], FLOAT)], (args) => goYn(order(args[0] as Value), args[1] as number)),
];
