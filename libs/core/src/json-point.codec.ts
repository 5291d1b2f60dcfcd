import { Unsigned, type FieldValue, type Point } from './point';
import { z } from 'zod';
import { PointDecodeError, type PointCodec } from './point-codec';

/**
 * Points as JSON, for running without a schema registry. JSON has no int64 and no int/float
 * distinction, so every field is a `[key, type, value]` triple: `["v", "f", 1.5]`,
 * `["n", "i", "42"]`, `["u", "u", "42"]`, `["s", "s", "x"]`, `["ok", "b", true]`; int64 values and
 * the time are decimal strings. Non-finite floats are written as "NaN", "+Inf" and "-Inf", and negative zero as "-0". Tags
 * are `[key, value]` pairs. Arrays rather than objects keep every key (even `__proto__`, which
 * object parsers drop) and the key order.
 */
export class JsonPointCodec implements PointCodec {
  readonly format = 'json';

  async encode(point: Point): Promise<Buffer> {
    return encodeJsonPoint(point);
  }

  async decode(value: Buffer): Promise<Point> {
    return decodeJsonPoint(value);
  }
}

/** The point as JsonPointCodec writes it, synchronously (JSON needs no schema registry). */
export function encodeJsonPoint(point: Point): Buffer {
  const body: JsonPoint = {
    database: point.database,
    retentionPolicy: point.retentionPolicy,
    name: point.name,
    tags: Object.entries(point.tags),
    fields: Object.entries(point.fields).map(([key, value]) => [key, ...fieldToJson(value)]),
    time: point.time.toString(),
  };
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** The point of a JsonPointCodec value; throws PointDecodeError for a value that is not one. */
export function decodeJsonPoint(value: Buffer): Point {
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
  return {
    database: body.database,
    retentionPolicy: body.retentionPolicy,
    name: body.name,
    // Object.fromEntries defines own properties, so even a `__proto__` key survives.
    tags: Object.fromEntries(body.tags),
    fields: Object.fromEntries(body.fields.map(([key, type, raw]) => [key, fieldFromJson([type, raw] as JsonValue)])),
    time: BigInt(body.time),
  };
}

const INT64 = z.string().regex(/^-?\d{1,19}$/, 'expected a decimal int64 string');
const UINT64 = z.string().regex(/^\d{1,20}$/, 'expected a decimal uint64 string');

const JSON_FIELD = z.union([
  z.tuple([z.string(), z.literal('f'), z.union([z.number(), z.enum(['NaN', '+Inf', '-Inf', '-0'])])]),
  z.tuple([z.string(), z.literal('i'), INT64]),
  z.tuple([z.string(), z.literal('u'), UINT64]),
  z.tuple([z.string(), z.literal('s'), z.string()]),
  z.tuple([z.string(), z.literal('b'), z.boolean()]),
]);

const JSON_POINT = z.object({
  database: z.string(),
  retentionPolicy: z.string(),
  name: z.string().min(1),
  tags: z.array(z.tuple([z.string(), z.string()])),
  fields: z.array(JSON_FIELD),
  time: INT64,
});

type JsonPoint = z.infer<typeof JSON_POINT>;
/** A field without its key: what fieldToJson makes and fieldFromJson reads. */
type JsonValue =
  | readonly ['f', number | 'NaN' | '+Inf' | '-Inf' | '-0']
  | readonly ['i', string]
  | readonly ['u', string]
  | readonly ['s', string]
  | readonly ['b', boolean];

function fieldToJson(value: FieldValue): JsonValue {
  if (value instanceof Unsigned) return ['u', value.value.toString()];
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return ['f', 'NaN'];
      if (!Number.isFinite(value)) return ['f', value > 0 ? '+Inf' : '-Inf'];
      // JSON.stringify writes -0 as 0; the sign is a value a float field may carry.
      if (Object.is(value, -0)) return ['f', '-0'];
      return ['f', value];
    case 'bigint':
      return ['i', value.toString()];
    case 'string':
      return ['s', value];
    default:
      return ['b', value];
  }
}

function fieldFromJson(field: JsonValue): FieldValue {
  switch (field[0]) {
    case 'f': {
      const value = field[1];
      if (typeof value === 'number') return value;
      if (value === '-0') return -0;
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
