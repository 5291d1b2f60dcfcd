import { decodeJsonPoint, type Point } from '@vigil/core';
import { MessageDecoder, POINT_HEADERS } from '@vigil/evaluation';
import { PointTooLargeError, type LineSource } from '@vigil/ingest-http';
import { parseLineBytes, type Precision } from '@vigil/line-protocol';
import { decodeRecordLine, encodeRecordLine, type LogRecord } from '../storage/record-log/log-record';
import { PointLogSink } from './point-log.sink';
import { longestPointChars, requestRecordOf } from './request-record';

const NOW = 1_800_000_000_987_654_321n;

/** A body parsed as the write endpoint parses it, with the source it hands to the sink. */
function parsed(text: string | Buffer, precision: Precision = 'n'): { points: Point[]; source: LineSource } {
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const target = { database: 'vigil', retentionPolicy: 'week', precision };
  const result = parseLineBytes(body, { ...target, defaultTime: NOW });
  expect(result.errors).toEqual([]);
  return { points: result.points, source: { body, ...target, defaultTime: NOW, lines: result.lines } };
}

/** The record through the log's line encoding and the evaluation loop's decoder, as read back after a restart. */
async function readBack(record: LogRecord): Promise<{ points: readonly Point[]; errors: number }> {
  const stored = decodeRecordLine(encodeRecordLine(record).trimEnd()) as LogRecord;
  const decoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen', json: async (value) => decodeJsonPoint(value) });
  const [message] = await decoder.decodeAll([{ offset: '0', value: Buffer.from(stored.value, 'utf8'), headers: stored.headers, timestampMs: 0 }]);
  return { points: message?.points ?? [], errors: message?.errors ?? -1 };
}

describe('requestRecordOf', () => {
  it.each<[Precision, string]>([
    ['n', '1700000000123456789'],
    ['ms', '1700000000123'],
    ['s', '1700000000'],
    ['h', '472222'],
  ])('keeps the request text, which reads back as the very points parsed (precision %s)', async (precision, time) => {
    const text = [
      '# a comment, kept as it came',
      `cpu,host=a\\ b,k\\=1=v\\,2 usage\\ idle=0.25,n=-3i,u=18446744073709551615u,ok=t,note="say \\"hi\\"\\\\" ${time}`,
      '',
      `mem,host=é free=1e-300,s="two\nlines" ${time}\r`,
      `disk,host=c used=-1500 ${time}`,
    ].join('\n');
    const { points, source } = parsed(text, precision);
    expect(points).toHaveLength(3);
    const record = requestRecordOf(points, source, 1_048_588);
    expect(record?.value).toBe(text);
    expect(record?.headers).toEqual({ [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'week', [POINT_HEADERS.precision]: precision });
    expect(record?.points).toBe(points);
    const back = await readBack(record as LogRecord);
    expect(back.errors).toBe(0);
    expect(back.points).toEqual(points);
  });

  it('gives way to pointRecordsOf for a text the decoder would read otherwise', () => {
    const cases: [string, string | Buffer][] = [
      ['a line without a timestamp', 'cpu v=1 1\ncpu v=2'],
      ['a text starting with {', '{odd v=1 1'],
      ['a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('cpu v=1 1')])],
    ];
    for (const [what, text] of cases) {
      const { points, source } = parsed(text, 'n');
      expect(points.length, what).toBeGreaterThan(0);
      expect(requestRecordOf(points, source, 1_048_588), what).toBeUndefined();
    }
    // A timeless line truncated to the precision is still told apart.
    const { points, source } = parsed('cpu v=1 1\ncpu v=2', 's');
    expect(requestRecordOf(points, source, 1_048_588)).toBeUndefined();
  });

  it('leaves a point that might be too large as a record to the exact measure', () => {
    const { points, source } = parsed(`cpu s="${'x'.repeat(2_000)}" 1\ncpu v=1 2`);
    expect(requestRecordOf(points, source, 1_048_588)).toBeDefined();
    expect(requestRecordOf(points, source, 100_000)).toBeUndefined();
    expect(requestRecordOf(points, source)).toBeDefined();
  });
});

describe('longestPointChars', () => {
  it('counts each point from its line to the next point\'s line, spanning the lines of a quoted string', () => {
    const text = 'a v=1 1\n# note\nbb s="x\ny\nz" 2\nc v=1 3';
    const { source } = parsed(text);
    expect(source.lines).toEqual([1, 3, 6]);
    expect(longestPointChars(text, source.lines)).toBe('bb s="x\ny\nz" 2\n'.length);
    expect(longestPointChars('', [])).toBe(0);
  });
});

describe('PointLogSink with the request text', () => {
  it('appends one record holding what arrived, stamped with the time it was accepted', async () => {
    const appended: LogRecord[][] = [];
    const sink = new PointLogSink({ append: async (records) => void appended.push([...records]) }, undefined, () => 1_700_000_000_123);
    const { points, source } = parsed('cpu,host=a v=1 1\ncpu,host=b v=2 2\n');
    await sink.write(points, source);
    expect(appended).toEqual([
      [{ key: '', value: 'cpu,host=a v=1 1\ncpu,host=b v=2 2\n', headers: { 'vigil-db': 'vigil', 'vigil-rp': 'week', 'vigil-precision': 'n', 'vigil-accepted-ms': '1700000000123' }, points }],
    ]);
  });

  it('still refuses a point larger than the limit, naming it, when the text cannot be kept', async () => {
    const sink = new PointLogSink({ append: async () => undefined }, 2_000);
    const { points, source } = parsed(`cpu v=1 1\ncpu s="${'y'.repeat(3_000)}" 2`);
    const error = await sink.write(points, source).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PointTooLargeError);
    expect((error as PointTooLargeError).indexes).toEqual([1]);
  });
});
