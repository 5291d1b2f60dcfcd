/**
 * BigInts for 0..1023, shared: counters, flags and status codes are mostly small, and handing out
 * a shared immutable BigInt saves both the conversion and an allocation per field.
 */
export const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

/** The BigInt of an integer-valued float64 within ±2^53. */
export function smallInt(value: number): bigint {
  return value >= 0 && value < 1024 ? (SMALL_BIGINTS[value] as bigint) : BigInt(value);
}
