import type { FieldValue } from '@vigil/core';
import { formatFloat } from '@vigil/go-format';
import { parseGoBool, parseGoFloat, parseGoInt } from '../../lambda/go/go-parse';
import type { LoadedValue } from './sideload-files';

/** Go's `%T` of a loaded value, as Kapacitor's conversion error names it. */
function goType(value: LoadedValue | FieldValue): string {
  if (Array.isArray(value)) return '[]interface {}';
  switch (typeof value) {
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'map[string]interface {}';
  }
}

/**
 * `sideload.go`'s `convertType`: a value read from a file (JSON's types: every number a
 * float64) converted to the type of the property's default. A whole float becomes an int; a
 * string is parsed for an int (`strconv.Atoi`), a float or a bool; a string default takes a
 * number printed as `strconv.FormatFloat(f, 'f', -1, 64)` or a bool. Anything else is an error
 * with Kapacitor's message, and the caller uses the default.
 */
export function convertToDefault(value: LoadedValue, fallback: FieldValue): { readonly value: FieldValue } | { readonly error: string } {
  const mismatch = { error: `cannot convert value of type ${goType(value)} to type ${goType(fallback)}` };
  switch (typeof fallback) {
    case 'bigint':
      if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? { value: BigInt(value) } : mismatch;
      if (typeof value === 'string') {
        const parsed = parseGoInt(value);
        return parsed === undefined ? { error: `cannot convert string to int64: strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax` } : { value: parsed };
      }
      return mismatch;
    case 'number':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string') {
        const parsed = parseGoFloat(value);
        return parsed === undefined ? { error: `cannot convert string to float64: strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax` } : { value: parsed };
      }
      return mismatch;
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string') {
        const parsed = parseGoBool(value);
        return parsed === undefined ? { error: `cannot convert string to bool: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax` } : { value: parsed };
      }
      return mismatch;
    case 'string':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number') return { value: formatFloat(value, 'f', -1) };
      if (typeof value === 'boolean') return { value: String(value) };
      return mismatch;
    default:
      return mismatch;
  }
}

