/**
 * The float64 bit operations Go's math package is written with (`Float64bits`, `Frexp`,
 * `Ldexp`), so that the ports of its algorithms can follow them step for step.
 */

const VIEW = new DataView(new ArrayBuffer(8));

/** math.Float64bits. */
export function float64bits(x: number): bigint {
  VIEW.setFloat64(0, x);
  return VIEW.getBigUint64(0);
}

/** math.Float64frombits (the low 64 bits of `bits`). */
export function float64frombits(bits: bigint): number {
  VIEW.setBigUint64(0, BigInt.asUintN(64, bits));
  return VIEW.getFloat64(0);
}

/** The upper 32 bits of x's representation, for the checks that only need sign and exponent. */
export function highWord(x: number): number {
  VIEW.setFloat64(0, x);
  return VIEW.getUint32(0);
}

/** math.Frexp: x = frac × 2^exp with |frac| in [0.5, 1); subnormals are normalised first. */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let scaled = x;
  let shift = 0;
  if (Math.abs(x) < 2 ** -1022) {
    scaled = x * 2 ** 52;
    shift = -52;
  }
  VIEW.setFloat64(0, scaled);
  const high = VIEW.getUint32(0);
  const exponent = ((high >>> 20) & 0x7ff) - 1022 + shift;
  VIEW.setUint32(0, (high & 0x800fffff) | (1022 << 20));
  return [VIEW.getFloat64(0), exponent];
}

/**
 * math.Ldexp: frac × 2^exp. A subnormal result is rounded once, at the end, as Go does by
 * scaling into the normal range and multiplying by 2^-53.
 */
export function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [mantissa, own] = frexp(frac);
  const total = exp + own - 1;
  const normalised = mantissa * 2;
  if (total < -1075) return frac < 0 ? -0 : 0;
  if (total > 1023) return frac < 0 ? -Infinity : Infinity;
  if (total < -1022) return normalised * 2 ** (total + 53) * 2 ** -53;
  return normalised * 2 ** total;
}
