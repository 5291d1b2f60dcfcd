import fc from 'fast-check';
import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { Type, type Schema } from 'avsc';
import { bigintLongHook } from './bigint-long.type';
import { JsonPointCodec } from './json-point.codec';
import { POINT_AVRO_SCHEMA, pointFromAvro, pointToAvro, type AvroPoint } from './point.avro-schema';
import { PointDecodeError } from './point-codec';

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.double(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => new Unsigned(value)),
  fc.string(),
  fc.boolean(),
);

const point: fc.Arbitrary<Point> = fc.record({
  database: fc.string(),
  retentionPolicy: fc.string(),
  name: fc.string({ minLength: 1 }),
  tags: fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
  fields: fc.dictionary(fc.string({ minLength: 1 }), fieldValue, { minKeys: 1 }),
  time: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
});

describe('JsonPointCodec', () => {
  const codec = new JsonPointCodec();

  it('round-trips any point with its field types', async () => {
    await fc.assert(
      fc.asyncProperty(point, async (original) => {
        expect(await codec.decode(await codec.encode(original))).toEqual(original);
      }),
    );
  });

  it('keeps a tag or field named __proto__, which object-based decoders lose', async () => {
    const tricky: Point = {
      database: 'd',
      retentionPolicy: 'r',
      name: 'm',
      tags: Object.fromEntries([['__proto__', 'x']]),
      fields: Object.fromEntries([['__proto__', 1n]]),
      time: 1n,
    };
    const decoded = await codec.decode(await codec.encode(tricky));
    expect(Object.entries(decoded.tags)).toEqual([['__proto__', 'x']]);
    expect(Object.entries(decoded.fields)).toEqual([['__proto__', 1n]]);
  });

  it('keeps 1i and 1.0 apart', async () => {
    const decoded = await codec.decode(
      await codec.encode({ database: 'db', retentionPolicy: 'rp', name: 'm', tags: {}, fields: { i: 1n, f: 1 }, time: 5n }),
    );
    expect(typeof decoded.fields['i']).toBe('bigint');
    expect(typeof decoded.fields['f']).toBe('number');
  });

  it('rejects values that are not points, saying where', async () => {
    await expect(codec.decode(Buffer.from('not json'))).rejects.toThrow(PointDecodeError);
    const bad = { database: '', retentionPolicy: '', name: 'm', tags: [], fields: [['x', 'i', '1.5']], time: '1' };
    await expect(codec.decode(Buffer.from(JSON.stringify(bad)))).rejects.toThrow(/fields\.0/);
  });
});

describe('Avro point schema', () => {
  // The same compilation the registry client does, without a registry: proves the schema and the
  // conversion agree, including int64 values beyond 2^53 that avsc's default long would round.
  const type = Type.forSchema(POINT_AVRO_SCHEMA as unknown as Schema, {
    typeHook: bigintLongHook,
    wrapUnions: true,
  });

  it('round-trips any point through Avro binary', () => {
    fc.assert(
      fc.property(point, (original) => {
        const decoded = type.fromBuffer(type.toBuffer(pointToAvro(original))) as AvroPoint;
        expect(pointFromAvro(decoded)).toEqual(original);
      }),
    );
  });

  it('keeps a tag or field named __proto__', () => {
    const tricky: Point = {
      database: 'd',
      retentionPolicy: 'r',
      name: 'm',
      tags: Object.fromEntries([['__proto__', 'x']]),
      fields: Object.fromEntries([['__proto__', 0.5]]),
      time: 1n,
    };
    const decoded = pointFromAvro(type.fromBuffer(type.toBuffer(pointToAvro(tricky))) as AvroPoint);
    expect(Object.entries(decoded.tags)).toEqual([['__proto__', 'x']]);
    expect(Object.entries(decoded.fields)).toEqual([['__proto__', 0.5]]);
  });

  it('keeps a nanosecond timestamp exact', () => {
    const time = 1_700_000_000_123_456_789n;
    const original: Point = { database: 'd', retentionPolicy: 'r', name: 'm', tags: {}, fields: { v: 2n ** 62n + 1n }, time };
    const decoded = pointFromAvro(type.fromBuffer(type.toBuffer(pointToAvro(original))) as AvroPoint);
    expect(decoded.time).toBe(time);
    expect(decoded.fields['v']).toBe(2n ** 62n + 1n);
  });
});

describe('JsonPointCodec and negative zero', () => {
  it('keeps the sign of a -0 float field, which JSON.stringify drops', async () => {
    const codec = new JsonPointCodec();
    const point = { database: '', retentionPolicy: '', name: 'm', tags: {}, fields: { v: -0 }, time: 0n };
    const decoded = await codec.decode(await codec.encode(point));
    expect(Object.is(decoded.fields['v'], -0)).toBe(true);
  });
});
