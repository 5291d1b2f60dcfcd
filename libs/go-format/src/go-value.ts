import { GoDuration, GoTime } from './go-time';

/**
 * How vigil models Go values in JavaScript, for the template engine, `fmt` printing and JSON:
 *
 * | JavaScript                      | Go                                         |
 * |---------------------------------|--------------------------------------------|
 * | `undefined`                     | no value (an invalid `reflect.Value`)      |
 * | `null`                          | nil                                        |
 * | `boolean` / `string`            | bool / string                              |
 * | `bigint`                        | int64 (also for unsigned values)           |
 * | `number`                        | float64                                    |
 * | `GoTime` / `GoDuration`         | time.Time / time.Duration                  |
 * | `Map` (and `GoMap`)             | a map; keys are sorted when printed        |
 * | `Array`                         | a slice                                    |
 * | any other object                | a struct: own properties in insertion order|
 * | function (also as a property)   | a func; as a struct property, a method     |
 *
 * A plain `Map` is `map[string]interface{}`: a missing key read with `index` is nil. `GoMap`
 * carries its element type's zero value, e.g. `new GoMap(tags, '')` for `map[string]string`,
 * where a missing key reads as the empty string (Kapacitor's `.Tags`).
 */
export class GoMap<V = unknown> extends Map<string, V> {
  constructor(
    entries?: Iterable<readonly [string, V]> | null,
    /** The element type's zero value: what `index` returns for a missing key. */
    readonly zero: V | null = null,
  ) {
    super(entries);
  }
}

export type GoKind =
  | 'invalid'
  | 'nil'
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'time'
  | 'duration'
  | 'map'
  | 'slice'
  | 'func'
  | 'struct';

export function goKind(value: unknown): GoKind {
  switch (typeof value) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    case 'symbol':
      return 'invalid';
    default:
      if (value === null) return 'nil';
      if (value instanceof GoTime) return 'time';
      if (value instanceof GoDuration) return 'duration';
      if (value instanceof Map) return 'map';
      if (Array.isArray(value)) return 'slice';
      return 'struct';
  }
}

/** The zero value a missing map key reads as: the GoMap's element zero, or nil. */
export function mapZero(map: Map<unknown, unknown>): unknown {
  return map instanceof GoMap ? map.zero : null;
}

/** The Go type name `fmt` shows in `%!d(string=x)` and `%T`, as close as the model allows. */
export function goTypeName(value: unknown): string {
  switch (goKind(value)) {
    case 'bool':
      return 'bool';
    case 'int':
      return 'int64';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'time':
      return 'time.Time';
    case 'duration':
      return 'time.Duration';
    case 'map':
      return typeof mapZero(value as Map<unknown, unknown>) === 'string' ? 'map[string]string' : 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'func':
      return 'func()';
    case 'struct':
      return 'struct';
    default:
      return '<nil>';
  }
}

/** Field values of a struct-modelled object in declaration (insertion) order, methods skipped. */
export function structFields(value: object): [string, unknown][] {
  const fields: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    const field: unknown = (value as Record<string, unknown>)[key];
    if (typeof field !== 'function' && field !== undefined) fields.push([key, field]);
  }
  return fields;
}
