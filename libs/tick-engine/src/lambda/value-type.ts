import { DurationValue, TimeValue, type LambdaValue } from './compiled-lambda';

/**
 * Kapacitor's value types as small integers, so that operator and signature tables can be
 * indexed without building strings on the hot path.
 */
export const INT = 0;
export const FLOAT = 1;
export const STRING = 2;
export const BOOL = 3;
export const DURATION = 4;
export const TIME = 5;
export const REGEX = 6;
export const MISSING_TYPE = 7;

export type TypeCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Number of type codes: the stride of two-operand tables. */
export const TYPE_COUNT = 8;

/** The value of a reference that is neither a field nor a tag of the point. */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

/** What a compiled expression produces: a lambda value, or missing (only ever from a reference). */
export type Value = LambdaValue | Missing;

const TYPE_NAMES: readonly string[] = ['int', 'float', 'string', 'bool', 'duration', 'time', 'regex', 'missing'];

export function typeName(type: TypeCode): string {
  return TYPE_NAMES[type] ?? 'invalid';
}

export function typeCode(value: Value): TypeCode {
  switch (typeof value) {
    case 'bigint':
      return INT;
    case 'number':
      return FLOAT;
    case 'string':
      return STRING;
    case 'boolean':
      return BOOL;
    case 'symbol':
      return MISSING_TYPE;
  }
  if (value instanceof DurationValue) return DURATION;
  if (value instanceof TimeValue) return TIME;
  return REGEX;
}
