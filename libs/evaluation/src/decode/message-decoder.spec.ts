import type { Point } from '@vigil/core';
import { MessageDecoder, type InputMessage } from './message-decoder';
import { POINT_HEADERS } from '@vigil/topic-contract';

const record = (value: string | Buffer | null, headers: Record<string, string> = {}, timestampMs = 0): InputMessage => ({
  offset: '7',
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers,
  timestampMs,
});

const point = (overrides: Partial<Point> = {}): Point => ({ database: '', retentionPolicy: '', name: 'cpu', tags: {}, fields: { v: 1 }, time: 5n, ...overrides });

describe('MessageDecoder', () => {
  const decoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen' });

  it('reads several line-protocol lines, as Telegraf batches them, with the db and rp headers', () => {
    const decoded = decoder.decode(record('cpu,host=a v=1 10\ncpu,host=b v=2i 20\n', { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'short' }));
    expect(decoded).toMatchObject({
      offset: 7n,
      errors: 0,
      points: [
        { database: 'vigil', retentionPolicy: 'short', name: 'cpu', tags: { host: 'a' }, fields: { v: 1 }, time: 10n },
        { database: 'vigil', retentionPolicy: 'short', name: 'cpu', tags: { host: 'b' }, fields: { v: 2n }, time: 20n },
      ],
    });
  });

  it('gives line protocol without headers the default database and retention policy', () => {
    expect(decoder.decode(record('cpu v=1 1'))).toMatchObject({ points: [{ database: 'telegraf', retentionPolicy: 'autogen' }] });
  });

  it('honours the precision header and dates lines without a time with the record timestamp', () => {
    expect(decoder.decode(record('cpu v=1 3', { [POINT_HEADERS.precision]: 's' }))).toMatchObject({ points: [{ time: 3_000_000_000n }] });
    expect(decoder.decode(record('cpu v=1', {}, 1_500))).toMatchObject({ points: [{ time: 1_500_000_000n }] });
    expect(decoder.decode(record('cpu v=1 3', { [POINT_HEADERS.precision]: 'fortnight' }))).toMatchObject({ points: [], errors: 1, firstError: expect.stringMatching(/vigil-precision/) });
  });

  it('keeps the good lines of a record and reports the bad ones', () => {
    expect(decoder.decode(record('cpu v=1 1\ncpu v= 2\ncpu v=3 3'))).toMatchObject({ points: [{ time: 1n }, { time: 3n }], errors: 1, firstError: expect.stringMatching(/^line 2: /) });
  });

  it('reports empty records', () => {
    expect(decoder.decode(record(null))).toMatchObject({ points: [], errors: 1, firstError: 'empty message value' });
    expect(decoder.decode(record(''))).toMatchObject({ points: [], errors: 1 });
  });

  it('hands JSON and Avro values to the injected decoders, filling a missing dbrp', async () => {
    const withCodecs = new MessageDecoder({
      defaultDatabase: 'telegraf',
      defaultRetentionPolicy: 'autogen',
      json: async () => point({ database: 'db', retentionPolicy: 'rp' }),
      avro: async () => point(),
    });
    await expect(withCodecs.decode(record('{"x":1}'))).resolves.toMatchObject({ points: [{ database: 'db', retentionPolicy: 'rp' }] });
    await expect(withCodecs.decode(record(Buffer.from([0, 0, 0, 0, 1]), { [POINT_HEADERS.database]: 'h' }))).resolves.toMatchObject({ points: [{ database: 'h', retentionPolicy: 'autogen' }] });
  });

  it('reports JSON or Avro values it has no decoder for, and decoder failures', async () => {
    await expect(decoder.decode(record('{"x":1}'))).resolves.toMatchObject({ errors: 1, firstError: 'JSON value, but no JSON decoder is configured' });
    const failing = new MessageDecoder({ defaultDatabase: 'd', defaultRetentionPolicy: 'r', avro: async () => Promise.reject(new Error('unknown schema id 9')) });
    await expect(failing.decode(record(Buffer.from([0, 0, 0, 0, 9])))).resolves.toMatchObject({ errors: 1, firstError: 'unknown schema id 9' });
  });

  it('decodes a batch in record order whatever each record needs', async () => {
    const mixed = new MessageDecoder({ defaultDatabase: 'd', defaultRetentionPolicy: 'r', json: async (value) => point({ name: JSON.parse(value.toString()).name }) });
    const decoded = await mixed.decodeAll([record('a v=1 1'), record('{"name":"b"}'), record('c v=1 1')]);
    expect(decoded.map((message) => message.points[0]?.name)).toEqual(['a', 'b', 'c']);
  });

  it('reads the one-point JSON records ingest wrote before and the multi-line records it writes now, points in record order', async () => {
    const headers = { [POINT_HEADERS.database]: 'telegraf', [POINT_HEADERS.retentionPolicy]: 'autogen' };
    const topic = new MessageDecoder({ defaultDatabase: 'd', defaultRetentionPolicy: 'r', json: async () => point({ database: 'telegraf', retentionPolicy: 'autogen', tags: { host: 'old' } }) });
    const decoded = await topic.decodeAll([
      record('{"name":"cpu"}', headers),
      record('cpu,host=a v=1 10\ncpu,host=b v=2 20\ncpu,host=a v=3 30', { ...headers, [POINT_HEADERS.precision]: 'n' }),
    ]);
    expect(decoded.map((message) => message.points.map((p) => `${p.database}/${p.retentionPolicy} ${p.tags['host']} ${p.time}`))).toEqual([
      ['telegraf/autogen old 5'],
      ['telegraf/autogen a 10', 'telegraf/autogen b 20', 'telegraf/autogen a 30'],
    ]);
  });
});
