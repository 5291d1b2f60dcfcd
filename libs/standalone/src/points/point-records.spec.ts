import { decodeJsonPoint, Unsigned, type Point } from '@vigil/core';
import { MessageDecoder, POINT_HEADERS } from '@vigil/evaluation';
import { headerBytes, PointTooLargeError, SinkUnavailableError, singleRecordBatchBytes } from '@vigil/ingest-http';
import { losslessLine } from '@vigil/line-protocol';
import { decodeRecordLine, encodeRecordLine, type LogRecord } from '../storage/record-log/log-record';
import { PointLogSink } from './point-log.sink';
import { pointRecordsOf } from './point-records';
import { SERVE_MAX_POINT_BYTES } from './point-size';

const point = (database: string, name: string, fields: Point['fields'], time: bigint): Point => ({
  database,
  retentionPolicy: 'autogen',
  name,
  tags: { host: 'a b', 'k=1': 'v,2' },
  fields,
  time,
});

describe('pointRecordsOf', () => {
  it('writes one line-protocol record per run of points with one database and retention policy', () => {
    const records = pointRecordsOf([point('db1', 'cpu', { v: 1 }, 1n), point('db1', 'cpu', { v: 2 }, 2n), point('db2', 'mem', { v: 3 }, 3n)]);
    expect(records.map((record) => record.headers)).toEqual([
      { [POINT_HEADERS.database]: 'db1', [POINT_HEADERS.retentionPolicy]: 'autogen' },
      { [POINT_HEADERS.database]: 'db2', [POINT_HEADERS.retentionPolicy]: 'autogen' },
    ]);
    expect(records[0]?.value.split('\n')).toHaveLength(2);
  });

  it('decodes back, through the evaluator decoder, to the very points written', async () => {
    const points = [
      point('vigil', 'performance_influx', { latencia: 251.5, sucesso: 0n, ok: true, note: 'say "hi"\\', big: new Unsigned(18446744073709551615n), small: -9223372036854775808n }, 1684713070038000000n),
      point('vigil', 'cpu,load', { 'usage idle': -0.000001 }, -5n),
    ];
    const decoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen' });
    const decoded = await decoder.decodeAll(pointRecordsOf(points).map((record, i) => ({ offset: String(i), value: Buffer.from(record.value), headers: record.headers, timestampMs: 0 })));
    expect(decoded.flatMap((message) => message.points)).toEqual(points);
    expect(decoded.every((message) => message.errors === 0)).toBe(true);
  });
  it('writes a point line protocol cannot carry as its own JSON record, in request order, and decodes it back', async () => {
    const points = [
      point('vigil', 'cpu', { v: 1 }, 1n),
      point('vigil', 'cpu', { v: Number.NaN, w: Number.POSITIVE_INFINITY }, 2n),
      point('vigil', '{odd', { v: 3 }, 3n),
      { ...point('vigil', 'cpu', { v: 4 }, 4n), tags: { host: 'a', rack: '', lone: '\uD800' } },
      point('vigil', 'cpu', { v: 5 }, 5n),
    ];
    const records = pointRecordsOf(points);
    expect(records.map((record) => record.value[0])).toEqual(['c', '{', '{', '{', 'c']);
    const decoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen', json: async (value) => decodeJsonPoint(value) });
    // Through the log's own line encoding, as the evaluation loop reads the records back.
    const stored = records.map((record) => decodeRecordLine(encodeRecordLine(record).trimEnd()) as LogRecord);
    const decoded = await decoder.decodeAll(stored.map((record, i) => ({ offset: String(i), value: Buffer.from(record.value), headers: record.headers, timestampMs: 0 })));
    expect(decoded.flatMap((message) => message.points)).toEqual(points);
    expect(decoded.every((message) => message.errors === 0)).toBe(true);
  });
});

describe('PointLogSink', () => {
  it('appends a request as its records and answers a failed append as unavailable', async () => {
    const appended: unknown[] = [];
    const sink = new PointLogSink({ append: async (records) => void appended.push(records) });
    await sink.write([]);
    expect(appended).toHaveLength(0);
    await sink.write([point('vigil', 'cpu', { v: 1 }, 1n)]);
    expect(appended).toHaveLength(1);

    const failing = new PointLogSink({ append: () => Promise.reject(new Error('ENOSPC: no space left on device')) });
    await expect(failing.write([point('vigil', 'cpu', { v: 1 }, 1n)])).rejects.toThrow(SinkUnavailableError);
  });

  it('stamps every record of a request with the time it was accepted', async () => {
    const appended: LogRecord[][] = [];
    const sink = new PointLogSink({ append: async (records) => void appended.push([...records]) }, undefined, () => 1_700_000_000_123);
    await sink.write([point('vigil', 'cpu', { v: 1 }, 1n), point('vigil', 'cpu', { v: Number.NaN }, 2n)]);
    expect(appended[0]?.map((record) => record.headers['vigil-accepted-ms'])).toEqual(['1700000000123', '1700000000123']);
  });

  it('refuses, before appending anything, a request with a point larger than ingest\'s record of it on a default topic, naming every such point', async () => {
    const appended: unknown[] = [];
    const sink = new PointLogSink({ append: async (records) => void appended.push(records) }, 2_000);
    const big = 'y'.repeat(3_000);
    const error = await sink
      .write([point('vigil', 'cpu', { v: 1 }, 1n), point('vigil', 'cpu', { s: big }, 2n), point('vigil', 'cpu', { v: Number.NaN, s: big }, 3n)])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PointTooLargeError);
    expect((error as PointTooLargeError).indexes).toEqual([1, 2]);
    expect(appended).toHaveLength(0);
  });

  it('measures a point as the Kafka record ingest writes for it alone: series key, line, db/rp/precision headers', async () => {
    const lone = point('vigil', 'cpu', { s: 'z'.repeat(500) }, 7n);
    const exact = singleRecordBatchBytes(
      Buffer.byteLength('cpu,host=a b,k=1=v,2'),
      Buffer.byteLength(losslessLine(lone) ?? ''),
      headerBytes({ [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen', [POINT_HEADERS.precision]: 'n' }),
    );
    await expect(new PointLogSink({ append: async () => undefined }, exact).write([lone])).resolves.toBeUndefined();
    await expect(new PointLogSink({ append: async () => undefined }, exact - 1).write([lone])).rejects.toBeInstanceOf(PointTooLargeError);
    expect(SERVE_MAX_POINT_BYTES).toBe(1_048_588);
  });
});
