import fc from 'fast-check';
import { Unsigned, type Point } from '@vigil/core';
import { MessageDecoder } from '@vigil/evaluation';
import { headerBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, parsePartitionKeys, partitionKeyFor, type PartitionKeys, POINT_HEADERS, singleRecordBatchBytes } from '@vigil/topic-contract';
import { PointTooLargeError } from '@vigil/ingest-http';
import { JsonPointCodec, partitionForKey, type OutgoingMessage } from '@vigil/kafka';
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

/** Where a record lands: its explicit partition, else its key's. */
const placeOfRecord = (record: OutgoingMessage): string => (record.partition === undefined ? `key ${String(record.key)}` : `partition ${record.partition}`);

/** Where a point must land: its partition key's partition, or with no partition count, its key. */
function placeOfPoint(point: Point, partitionKeys: PartitionKeys, partitions: number): string {
  const key = partitionKeyFor(point, partitionKeys);
  return partitions > 0 ? `partition ${partitionForKey(key, partitions)}` : `key ${key}`;
}

/** What the evaluator makes of the records, place by place, in record order. */
async function decodeByPlace(records: readonly OutgoingMessage[]): Promise<Map<string, Point[]>> {
  const decoded = await decoder.decodeAll(
    records.map((record, i) => ({
      offset: String(i),
      value: Buffer.isBuffer(record.value) ? record.value : Buffer.from(record.value),
      headers: Object.fromEntries(Object.entries(record.headers ?? {}).map(([name, value]) => [name, value.toString()])),
      timestampMs: 0,
    })),
  );
  const byPlace = new Map<string, Point[]>();
  decoded.forEach((message, i) => {
    expect(message.firstError).toBeUndefined();
    const place = placeOfRecord(records[i] as OutgoingMessage);
    byPlace.set(place, [...(byPlace.get(place) ?? []), ...message.points]);
  });
  return byPlace;
}

function groupByPlace(points: readonly Point[], partitionKeys: PartitionKeys, partitions: number): Map<string, Point[]> {
  const byPlace = new Map<string, Point[]>();
  for (const p of points) {
    const place = placeOfPoint(p, partitionKeys, partitions);
    byPlace.set(place, [...(byPlace.get(place) ?? []), p]);
  }
  return byPlace;
}

describe('LineBatchEncoder', () => {
  const points = [
    point({ tags: { host: 'a' }, fields: { v: 1 }, time: 1n }),
    point({ tags: { host: 'b', region: 'eu' }, fields: { n: 2n }, time: 2n }),
    point({ tags: { host: 'a' }, fields: { s: 'x "y"' }, time: 3n }),
  ];

  it('writes one line-protocol record per partition, its points in request order, keyed by its first point, with the db, rp and precision headers', async () => {
    const a = partitionForKey('host=a', 2);
    expect(partitionForKey('host=b', 2)).not.toBe(a);
    expect(partitionForKey('host=d', 2)).toBe(a);
    const records = await new LineBatchEncoder(keys, codec, 2).encode([...points, point({ tags: { host: 'd' }, time: 4n })]);
    expect(records.map((record) => [record.partition, record.key, record.value.toString()])).toEqual([
      [a, 'host=a', 'cpu,host=a v=1 1\ncpu,host=a s="x \\"y\\"" 3\ncpu,host=d v=1 4'],
      [1 - a, 'host=b', 'cpu,host=b,region=eu n=2i 2'],
    ]);
    for (const record of records) {
      expect(record.headers).toEqual({ [POINT_HEADERS.database]: 'db', [POINT_HEADERS.retentionPolicy]: 'autogen', [POINT_HEADERS.precision]: 'n' });
    }
  });

  it('writes one record per partition key, placed by its key, when the partition count is unknown', async () => {
    const records = await new LineBatchEncoder(keys, codec, 0).encode(points);
    expect(records.map((record) => [record.partition, record.key, record.value.toString()])).toEqual([
      [undefined, 'host=a', 'cpu,host=a v=1 1\ncpu,host=a s="x \\"y\\"" 3'],
      [undefined, 'host=b', 'cpu,host=b,region=eu n=2i 2'],
    ]);
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
    const records = await new LineBatchEncoder(keys, codec, 6).encode(points);
    expect(records.map((record) => record.value.toString()[0])).toEqual(['c', '{', 'c', '{', '{', '{', 'c']);
    expect(records.every((record) => record.key === 'host=a' && record.partition === partitionForKey('host=a', 6))).toBe(true);
    expect(await decodeByPlace(records)).toEqual(groupByPlace(points, keys, 6));
  });

  it('starts a new record when the db or rp changes within a key', async () => {
    const points = [point({ time: 1n }), point({ database: 'other', time: 2n }), point({ retentionPolicy: 'short', database: 'other', time: 3n })];
    const records = await new LineBatchEncoder(keys, codec, 6).encode(points);
    expect(records.map((record) => [record.headers?.[POINT_HEADERS.database], record.headers?.[POINT_HEADERS.retentionPolicy]])).toEqual([
      ['db', 'autogen'],
      ['other', 'autogen'],
      ['other', 'short'],
    ]);
    expect(await decodeByPlace(records)).toEqual(groupByPlace(points, keys, 6));
  });

  it('splits a partition\'s lines into records no larger than the limit, each keyed by its first point', async () => {
    const points = Array.from({ length: 50 }, (_, i) => point({ tags: { host: `h${i}` }, fields: { v: i }, time: BigInt(i) }));
    const records = await new LineBatchEncoder(keys, codec, 1, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, 100).encode(points);
    expect(records.length).toBeGreaterThanOrEqual(10);
    for (const record of records) {
      expect(Buffer.byteLength(record.value)).toBeLessThanOrEqual(100);
      expect(record.value.toString().startsWith(`cpu,host=${String(record.key).slice('host='.length)} `)).toBe(true);
    }
    expect(await decodeByPlace(records)).toEqual(groupByPlace(points, keys, 1));
  });

  it('gives the evaluator every point on its key\'s partition, in request order, whatever the names and values', async () => {
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
      fc.asyncProperty(fc.array(anyPoint, { maxLength: 12 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 40, max: 400 }), async (points, partitions, limit) => {
        const records = await new LineBatchEncoder(seriesKeys, codec, partitions, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, limit).encode(points);
        expect(await decodeByPlace(records)).toEqual(groupByPlace(points, seriesKeys, partitions));
      }),
      { numRuns: 500 },
    );
  });

  describe('against the topic\'s max.message.bytes', () => {
    /** The batch size of a record as the broker measures it. */
    const batchBytes = (record: OutgoingMessage): number =>
      singleRecordBatchBytes(Buffer.byteLength(String(record.key)), Buffer.byteLength(record.value), headerBytes(record.headers));
    const many = Array.from({ length: 200 }, (_, i) => point({ tags: { host: i % 2 === 0 ? 'a' : 'b' }, fields: { v: i, s: 'x'.repeat(40) }, time: BigInt(i) }));

    it('cuts a partition\'s lines into records that each fit in a batch of the limit, at line boundaries, in order', async () => {
      const limit = 2_000;
      const records = await new LineBatchEncoder(keys, codec, 1, limit).encode(many);
      expect(records.length).toBeGreaterThan(5);
      for (const record of records) {
        expect(batchBytes(record)).toBeLessThanOrEqual(limit);
        expect(record.points).toBe(record.value.toString().split('\n').length);
      }
      expect(records.reduce((sum, record) => sum + record.points, 0)).toBe(many.length);
      expect(await decodeByPlace(records)).toEqual(groupByPlace(many, keys, 1));
    });

    it('fills a record up to the limit exactly, and no further', async () => {
      const records = await new LineBatchEncoder(keys, codec, 1).encode(many);
      expect(records).toHaveLength(1);
      const exact = batchBytes(records[0] as OutgoingMessage);
      expect(await new LineBatchEncoder(keys, codec, 1, exact).encode(many)).toHaveLength(1);
      expect(await new LineBatchEncoder(keys, codec, 1, exact - 1).encode(many)).toHaveLength(2);
    });

    it('refuses, before any record exists, every point that cannot fit even alone, naming them in order', async () => {
      const big = 'y'.repeat(3_000);
      const points = [point({ time: 1n }), point({ fields: { s: big }, time: 2n }), point({ time: 3n }), point({ tags: { host: big }, time: 4n }), point({ fields: { v: Number.NaN, s: big }, time: 5n })];
      const error = await new LineBatchEncoder(keys, codec, 3, 2_000).encode(points).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PointTooLargeError);
      const tooLarge = error as PointTooLargeError;
      expect({ indexes: tooLarge.indexes, limit: tooLarge.limit }).toEqual({ indexes: [1, 3, 4], limit: 2_000 });
      const alone = await new LineBatchEncoder(keys, codec, 3).encode([points[1] as Point]);
      expect(tooLarge.bytes).toBe(batchBytes(alone[0] as OutgoingMessage));
    });

    it('takes a point whose record is exactly the limit, and refuses it one byte below', async () => {
      const lone = [point({ fields: { s: 'z'.repeat(500) } })];
      const [record] = await new LineBatchEncoder(keys, codec, 1).encode(lone);
      const exact = batchBytes(record as OutgoingMessage);
      expect(await new LineBatchEncoder(keys, codec, 1, exact).encode(lone)).toHaveLength(1);
      await expect(new LineBatchEncoder(keys, codec, 1, exact - 1).encode(lone)).rejects.toBeInstanceOf(PointTooLargeError);
    });
  });
});
