import { Unsigned, type FieldValue } from '@vigil/core';
import { compareByteOrder } from '../../runtime/byte-order';

/**
 * The value types an InfluxQL function can be realized for (Go's reflect kinds float64, int64,
 * string, bool). Unsigned fields are read as int64, as vigil's stream nodes do everywhere.
 */
export type Kind = 'float' | 'int' | 'string' | 'bool';

export type Value = number | bigint | string | boolean;

export function kindOf(value: FieldValue): Kind {
  switch (typeof value) {
    case 'number':
      return 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'int';
  }
}

/** The value as the reducers see it (an Unsigned becomes its bigint). */
export function valueOf(value: FieldValue): Value {
  return value instanceof Unsigned ? value.value : value;
}

/** Go's `<` for the kind: numbers, byte-wise strings, and false < true for bools. */
export function less(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return compareByteOrder(a, b) < 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  return a < b;
}

/** Go's `>` for the kind. */
export function greater(a: Value, b: Value): boolean {
  return less(b, a);
}

/** int64 arithmetic wraps around like Go's. */
export function wrapInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** A stable sort by value (Go's sort.Sort leaves ties in an unspecified order). */
export function sortByValue<T extends { readonly value: Value }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (less(a.value, b.value) ? -1 : less(b.value, a.value) ? 1 : 0));
}
