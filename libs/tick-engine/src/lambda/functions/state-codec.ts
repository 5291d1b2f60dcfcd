/**
 * JSON encoding of stateful-function state. JSON numbers carry every finite float64 exactly
 * (JSON.stringify writes the shortest round-trip form) but not NaN, ±Infinity or -0, which
 * are written as strings; int64 counters are decimal strings.
 */

const SPECIAL_FLOATS: Readonly<Record<string, number>> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity, '-0': -0 };

export function encodeFloat(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Object.is(value, -0)) return '-0';
  return value;
}

export function decodeFloat(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value in SPECIAL_FLOATS) return SPECIAL_FLOATS[value] as number;
  throw new Error(`invalid lambda state: ${what} is not a float (${JSON.stringify(value)})`);
}

export function readRecord(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`invalid lambda state: ${what} is not an object (${JSON.stringify(value)})`);
  }
  return value as Readonly<Record<string, unknown>>;
}

const INT64_TEXT = /^-?[0-9]{1,19}$/;

export function readCount(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !INT64_TEXT.test(value)) {
    throw new Error(`invalid lambda state: ${what} is not an int64 string (${JSON.stringify(value)})`);
  }
  return BigInt.asIntN(64, BigInt(value));
}
