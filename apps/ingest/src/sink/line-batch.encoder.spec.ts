import fc from 'fast-check';
import { Unsigned, type Point } from '@vigil/core';
import { MessageDecoder, parsePartitionKeys, partitionKeyFor, POINT_HEADERS, type PartitionKeys } from '@vigil/evaluation';
import { JsonPointCodec, type OutgoingMessage } from '@vigil/kafka';
import { LineBatchEncoder } from './line-batch.encoder';

const codec = new JsonPointCodec();
const decoder = new MessageDecoder({ defaultDatabase: 'default', defaultRetentionPolicy: 'default', json: (value) => codec.decode(value) });
const keys = parsePartitionKeys('*=host');

const point = (overrides: Partial<Point> = {}): Point => ({
  database: 'db',
  retentionPolicy: 'autogen',
  name: 'cpu',
  tags: { host: 'a' },
  fields: { v: 1 },
  time: 1n,
  ...overrides,
});

/** What the evaluator makes of the records, key by key, in record order. */
async function decodeByKey(records: readonly OutgoingMessage[]): Promise<Map<string, Point[]>> {
  const decoded = await decoder.decodeAll(
    records.map((record, i) => ({
      offset: String(i),
      value: Buffer.isBuffer(record.value) ? record.value : Buffer.from(record.value),
      headers: Object.fromEntries(Object.entries(record.headers ?? {}).map(([name, value]) => [name, value.toString()])),
      timestampMs: 0,
    })),
  );
  const byKey = new Map<string, Point[]>();
  decoded.forEach((message, i) => {
    expect(message.firstError).toBeUndefined();
    const key = String(records[i]?.key);
    byKey.set(key, [...(byKey.get(key) ?? []), ...message.points]);
  });
  return byKey;
}

function groupByKey(points: readonly Point[], partitionKeys: PartitionKeys): Map<string, Point[]> {
  const byKey = new Map<string, Point[]>();
  for (const p of points) {
    const key = partitionKeyFor(p, partitionKeys);
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  return byKey;
}

describe('LineBatchEncoder', () => {
  it('writes one line-protocol record per partition key, its points in request order, with the db, rp and precision headers', async () => {
    const points = [
      point({ tags: { host: 'a' }, fields: { v: 1 }, time: 1n }),
      point({ tags: { host: 'b', region: 'eu' }, fields: { n: 2n }, time: 2n }),
      point({ tags: { host: 'a' }, fields: { s: 'x "y"' }, time: 3n }),
    ];
    const records = await new LineBatchEncoder(keys, codec).encode(points);
    expect(records.map((record) => [record.key, record.value.toString()])).toEqual([
      ['host=a', 'cpu,host=a v=1 1\ncpu,host=a s="x \\"y\\"" 3'],
      ['host=b', 'cpu,host=b,region=eu n=2i 2'],
    ]);
    for (const record of records) {
      expect(record.headers).toEqual({ [POINT_HEADERS.database]: 'db', [POINT_HEADERS.retentionPolicy]: 'autogen', [POINT_HEADERS.precision]: 'n' });
    }
  });

  it('writes points line protocol cannot carry as JSON records between the line records of their key', async () => {
    const points = [
      point({ time: 1n }),
      point({ fields: { v: Number.NaN }, time: 2n }),
      point({ time: 3n }),
      point({ tags: { host: 'a', rack: '' }, time: 4n }),
      point({ name: '{odd', time: 5n }),
      point({ tags: { host: 'a', time: 'x' }, time: 6n }),
      point({ fields: { v: -0, u: new Unsigned(7n), b: true }, time: 7n }),
    ];
    const records = await new LineBatchEncoder(keys, codec).encode(points);
    expect(records.map((record) => record.value.toString()[0])).toEqual(['c', '{', 'c', '{', '{', '{', 'c']);
    expect(records.every((record) => record.key === 'host=a')).toBe(true);
    expect((await decodeByKey(records)).get('host=a')).toEqual(points);
  });

  it('starts a new record when the db or rp changes within a key', async () => {
    const points = [point({ time: 1n }), point({ database: 'other', time: 2n }), point({ retentionPolicy: 'short', database: 'other', time: 3n })];
    const records = await new LineBatchEncoder(keys, codec).encode(points);
    expect(records.map((record) => [record.headers?.[POINT_HEADERS.database], record.headers?.[POINT_HEADERS.retentionPolicy]])).toEqual([
      ['db', 'autogen'],
      ['other', 'autogen'],
      ['other', 'short'],
    ]);
    expect((await decodeByKey(records)).get('host=a')).toEqual(points);
  });

  it('splits a key\'s lines into records no larger than the limit', async () => {
    const points = Array.from({ length: 50 }, (_, i) => point({ fields: { v: i }, time: BigInt(i) }));
    const records = await new LineBatchEncoder(keys, codec, 100).encode(points);
    expect(records.length).toBeGreaterThanOrEqual(10);
    for (const record of records) expect(Buffer.byteLength(record.value)).toBeLessThanOrEqual(100);
    expect((await decodeByKey(records)).get('host=a')).toEqual(points);
  });

  it('gives the evaluator every point, per key in request order, whatever the names and values', async () => {
    const chars = fc.constantFrom('a', 'b', 'time', ' ', ',', '=', '"', '\\', '{', '#', '\t', '\n', '\0', 'é', '🚀', '\uD800');
    const text = fc.string({ unit: chars, maxLength: 4 });
    const anyPoint: fc.Arbitrary<Point> = fc.record(
      {
        database: fc.constantFrom('db', 'other'),
        retentionPolicy: fc.constant('autogen'),
        name: fc.string({ unit: chars, minLength: 1, maxLength: 4 }),
        tags: fc.dictionary(text, text, { maxKeys: 3, noNullPrototype: true }),
        fields: fc.dictionary(
          text,
          fc.oneof(
            fc.double(),
            fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
            fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => new Unsigned(value)),
            text,
            fc.boolean(),
          ),
          { minKeys: 1, maxKeys: 3, noNullPrototype: true },
        ),
        time: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      },
      { noNullPrototype: true },
    );
    const seriesKeys = parsePartitionKeys('');
    await fc.assert(
      fc.asyncProperty(fc.array(anyPoint, { maxLength: 12 }), fc.integer({ min: 40, max: 400 }), async (points, limit) => {
        const records = await new LineBatchEncoder(seriesKeys, codec, limit).encode(points);
        expect(await decodeByKey(records)).toEqual(groupByKey(points, seriesKeys));
      }),
      { numRuns: 500 },
    );
  });
});
