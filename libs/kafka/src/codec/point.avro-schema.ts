import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { PointDecodeError } from './point-codec';

/**
 * The Avro schema of a point on the points topic. Field values are a union so that int64,
 * float64, string, boolean and unsigned values keep their type through Kafka (Kapacitor tells
 * `1i` from `1.0`). Unions are wrapped (`{ "long": 1 }`), which keeps the float/int choice explicit.
 * Unsigned values are stored in a long as their 64-bit pattern.
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
    { name: 'tags', type: { type: 'map', values: 'string' } },
    {
      name: 'fields',
      type: {
        type: 'map',
        values: [
          'double',
          'long',
          'string',
          'boolean',
          { type: 'record', name: 'Unsigned', fields: [{ name: 'value', type: 'long' }] },
        ],
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
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, AvroFieldValue>>;
  readonly time: bigint;
}

export function pointToAvro(point: Point): AvroPoint {
  const fields: Record<string, AvroFieldValue> = {};
  for (const [key, value] of Object.entries(point.fields)) fields[key] = fieldToAvro(value);
  return {
    database: point.database,
    retentionPolicy: point.retentionPolicy,
    name: point.name,
    tags: { ...point.tags },
    fields,
    time: point.time,
  };
}

export function pointFromAvro(record: AvroPoint): Point {
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(record.fields)) fields[key] = fieldFromAvro(key, value);
  return {
    database: record.database,
    retentionPolicy: record.retentionPolicy,
    name: record.name,
    tags: { ...record.tags },
    fields,
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
