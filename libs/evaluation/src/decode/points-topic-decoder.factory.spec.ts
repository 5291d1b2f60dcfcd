import { encodeJsonPoint, type Point } from '@vigil/core';
import type { InputMessage } from './message-decoder';
import { createPointsTopicDecoder } from './points-topic-decoder.factory';

const record = (value: Buffer): InputMessage => ({ offset: '3', value, headers: {}, timestampMs: 0 });
const CONFIG = { POINTS_DEFAULT_DATABASE: 'telegraf', POINTS_DEFAULT_RETENTION_POLICY: 'autogen' };
const AVRO_RECORD = Buffer.from([0, 0, 0, 0, 1, 2]);
const avroPoint: Point = { database: 'db', retentionPolicy: 'rp', name: 'mem', tags: {}, fields: { used: 7 }, time: 9n };

describe('createPointsTopicDecoder', () => {
  it('gives line protocol the configured default database and retention policy', async () => {
    const decoder = createPointsTopicDecoder({ POINTS_DEFAULT_DATABASE: 'vigil', POINTS_DEFAULT_RETENTION_POLICY: 'short' }, () => fail('no registry is configured'));
    expect(await decoder.decode(record(Buffer.from('cpu v=1 1')))).toMatchObject({ errors: 0, points: [{ database: 'vigil', retentionPolicy: 'short', name: 'cpu' }] });
  });

  it('decodes JSON points with @vigil/core codec', async () => {
    const point: Point = { database: 'db', retentionPolicy: 'rp', name: 'cpu', tags: { host: 'a' }, fields: { v: 1.5 }, time: 5n };
    const decoded = await createPointsTopicDecoder(CONFIG, () => fail('no registry is configured')).decode(record(encodeJsonPoint(point)));
    expect(decoded).toMatchObject({ errors: 0, points: [point] });
  });

  it('reports an Avro record as undecodable when no schema registry is configured', async () => {
    const decoded = await createPointsTopicDecoder(CONFIG, () => fail('no registry is configured')).decode(record(AVRO_RECORD));
    expect(decoded).toMatchObject({ errors: 1, points: [], firstError: 'Avro value, but no Avro decoder is configured' });
  });

  it('decodes Avro records with the decoder made for the configured registry', async () => {
    const registries: string[] = [];
    const decoder = createPointsTopicDecoder({ ...CONFIG, SCHEMA_REGISTRY_URL: 'http://registry:8081' }, (url) => {
      registries.push(url);
      return async () => avroPoint;
    });
    expect(await decoder.decode(record(AVRO_RECORD))).toMatchObject({ errors: 0, points: [avroPoint] });
    expect(registries).toEqual(['http://registry:8081']);
  });
});

function fail(reason: string): never {
  throw new Error(reason);
}
