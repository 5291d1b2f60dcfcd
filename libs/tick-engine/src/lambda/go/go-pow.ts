import { goExp } from './go-exp';
import { frexp, ldexp } from './go-float-bits';
import { goLog } from './go-log';

/**
 * Go's math.Pow (portable Go on amd64), reproduced step by step because it is not correctly
 * rounded: the exponent's integer part is applied by squaring mantissa and exponent separately,
 * its fraction as Exp(frac × Log(x)), with amd64's Exp and Log (see go-exp.ts, go-log.ts).
 * JavaScript's `**` rounds differently in the last bit and disagrees on Pow(1, NaN) and
 * Pow(-1, ±Inf), both 1 in Go.
 */

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

function specialCase(x: number, y: number): number | undefined {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
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

export function goPow(x: number, y: number): number {
  const special = specialCase(x, y);
  if (special !== undefined) return special;
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
    accumulated = goExp(fraction * goLog(x));
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
