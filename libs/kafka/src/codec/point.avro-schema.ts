import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { PointDecodeError } from './point-codec';

/**
 * The Avro schema of a point on the points topic. Field values are a union so that int64,
 * float64, string, boolean and unsigned values keep their type through Kafka (Kapacitor tells
 * `1i` from `1.0`). Unions are wrapped (`{ "long": 1 }`), which keeps the float/int choice explicit.
 * Unsigned values are stored in a long as their 64-bit pattern. Tags and fields are arrays of
 * key/value records rather than Avro maps, because map decoders build plain JS objects by
 * assignment, which silently loses a key such as `__proto__`; arrays also keep the key order.
 */
export const POINT_AVRO_SCHEMA = {
  type: 'record',
  name: 'Point',
  namespace: 'io.vigil',
  doc: 'One InfluxDB point: measurement, tags, typed fields and a nanosecond timestamp.',
  fields: [
    { name: 'database', type: 'string' },
    { name: 'retentionPolicy', type: 'string' },
    { name: 'name', type: 'string' },
    {
      name: 'tags',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Tag',
          fields: [
            { name: 'key', type: 'string' },
            { name: 'value', type: 'string' },
          ],
        },
      },
    },
    {
      name: 'fields',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Field',
          fields: [
            { name: 'key', type: 'string' },
            {
              name: 'value',
              type: [
                'double',
                'long',
                'string',
                'boolean',
                { type: 'record', name: 'Unsigned', fields: [{ name: 'value', type: 'long' }] },
              ],
            },
          ],
        },
      },
    },
    { name: 'time', type: 'long', doc: 'Nanoseconds since the Unix epoch, UTC.' },
  ],
} as const;

const UNSIGNED = 'io.vigil.Unsigned';

type AvroFieldValue =
  | { readonly double: number }
  | { readonly long: bigint }
  | { readonly string: string }
  | { readonly boolean: boolean }
  | { readonly [UNSIGNED]: { readonly value: bigint } };

export interface AvroPoint {
  readonly database: string;
  readonly retentionPolicy: string;
  readonly name: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly fields: readonly { readonly key: string; readonly value: AvroFieldValue }[];
  readonly time: bigint;
}

export function pointToAvro(point: Point): AvroPoint {
  return {
    database: point.database,
    retentionPolicy: point.retentionPolicy,
    name: point.name,
    tags: Object.entries(point.tags).map(([key, value]) => ({ key, value })),
    fields: Object.entries(point.fields).map(([key, value]) => ({ key, value: fieldToAvro(value) })),
    time: point.time,
  };
}

/** Object.fromEntries defines own properties, so even a `__proto__` key survives. */
export function pointFromAvro(record: AvroPoint): Point {
  return {
    database: record.database,
    retentionPolicy: record.retentionPolicy,
    name: record.name,
    tags: Object.fromEntries(record.tags.map((tag) => [tag.key, tag.value])),
    fields: Object.fromEntries(record.fields.map((field) => [field.key, fieldFromAvro(field.key, field.value)])),
    time: record.time,
  };
}

function fieldToAvro(value: FieldValue): AvroFieldValue {
  if (value instanceof Unsigned) return { [UNSIGNED]: { value: BigInt.asIntN(64, value.value) } };
  switch (typeof value) {
    case 'number':
      return { double: value };
    case 'bigint':
      return { long: value };
    case 'string':
      return { string: value };
    default:
      return { boolean: value };
  }
}

function fieldFromAvro(key: string, wrapped: AvroFieldValue): FieldValue {
  if ('double' in wrapped) return wrapped.double;
  if ('long' in wrapped) return wrapped.long;
  if ('string' in wrapped) return wrapped.string;
  if ('boolean' in wrapped) return wrapped.boolean;
  if (UNSIGNED in wrapped) return new Unsigned(BigInt.asUintN(64, wrapped[UNSIGNED].value));
  throw new PointDecodeError(`field ${JSON.stringify(key)} has a value of an unknown Avro type`);
}
