import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { z } from 'zod';
import { PointDecodeError, type PointCodec } from './point-codec';

/**
 * Points as JSON, for running without a schema registry. JSON has no int64 and no int/float
 * distinction, so every field is a `[type, value]` pair: `["f", 1.5]`, `["i", "42"]`,
 * `["u", "42"]`, `["s", "x"]`, `["b", true]`; int64 values and the time are decimal strings.
 * Non-finite floats are written as the strings "NaN", "+Inf" and "-Inf".
 */
export class JsonPointCodec implements PointCodec {
  readonly format = 'json';

  async encode(point: Point): Promise<Buffer> {
    const fields: Record<string, JsonField> = {};
    for (const [key, value] of Object.entries(point.fields)) fields[key] = fieldToJson(value);
    const body: JsonPoint = {
      database: point.database,
      retentionPolicy: point.retentionPolicy,
      name: point.name,
      tags: { ...point.tags },
      fields,
      time: point.time.toString(),
    };
    return Buffer.from(JSON.stringify(body), 'utf8');
  }

  async decode(value: Buffer): Promise<Point> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch (error) {
      throw new PointDecodeError('point is not valid JSON', { cause: error });
    }
    const result = JSON_POINT.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new PointDecodeError(`invalid JSON point at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown'}`);
    }
    const body = result.data;
    const fields: Record<string, FieldValue> = {};
    for (const [key, field] of Object.entries(body.fields)) fields[key] = fieldFromJson(field);
    return {
      database: body.database,
      retentionPolicy: body.retentionPolicy,
      name: body.name,
      tags: body.tags,
      fields,
      time: BigInt(body.time),
    };
  }
}

const INT64 = z.string().regex(/^-?\d{1,19}$/, 'expected a decimal int64 string');
const UINT64 = z.string().regex(/^\d{1,20}$/, 'expected a decimal uint64 string');

const JSON_FIELD = z.union([
  z.tuple([z.literal('f'), z.union([z.number(), z.enum(['NaN', '+Inf', '-Inf'])])]),
  z.tuple([z.literal('i'), INT64]),
  z.tuple([z.literal('u'), UINT64]),
  z.tuple([z.literal('s'), z.string()]),
  z.tuple([z.literal('b'), z.boolean()]),
]);

const JSON_POINT = z.object({
  database: z.string(),
  retentionPolicy: z.string(),
  name: z.string().min(1),
  tags: z.record(z.string(), z.string()),
  fields: z.record(z.string(), JSON_FIELD),
  time: INT64,
});

type JsonPoint = z.infer<typeof JSON_POINT>;
type JsonField = z.infer<typeof JSON_FIELD>;

function fieldToJson(value: FieldValue): JsonField {
  if (value instanceof Unsigned) return ['u', value.value.toString()];
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return ['f', 'NaN'];
      if (!Number.isFinite(value)) return ['f', value > 0 ? '+Inf' : '-Inf'];
      return ['f', value];
    case 'bigint':
      return ['i', value.toString()];
    case 'string':
      return ['s', value];
    default:
      return ['b', value];
  }
}

function fieldFromJson(field: JsonField): FieldValue {
  switch (field[0]) {
    case 'f': {
      const value = field[1];
      if (typeof value === 'number') return value;
      return value === 'NaN' ? Number.NaN : value === '+Inf' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    }
    case 'i':
      return BigInt(field[1]);
    case 'u':
      return new Unsigned(BigInt(field[1]));
    case 's':
      return field[1];
    case 'b':
      return field[1];
  }
}
