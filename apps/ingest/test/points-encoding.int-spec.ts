import { integrationEnv } from '@vigil/testing';
import { ingestPerTest, post, readTopic } from './ingest-harness';

/**
 * POINTS_ENCODING with a schema registry configured: `line` still writes line-protocol records
 * (several points per record), `json` one JSON point per record; without it (covered by the
 * other specs) a registry means one Avro record per point.
 */
describe('ingest POINTS_ENCODING with a schema registry (real Kafka)', () => {
  const start = ingestPerTest();
  const body = Array.from({ length: 12 }, (_, i) => `cpu,host=h${i % 4} v=${i} ${i + 1}`).join('\n');

  function registry(): string {
    const url = integrationEnv().SCHEMA_REGISTRY_URL;
    if (url === undefined) throw new Error('the integration infra has no SCHEMA_REGISTRY_URL (npm run infra -- up)');
    return url;
  }

  it('writes line-protocol records, one per partition, with POINTS_ENCODING=line', async () => {
    const ingest = await start({ SCHEMA_REGISTRY_URL: registry(), POINTS_ENCODING: 'line', PARTITION_KEYS: '*=host' });
    expect((await post(`${ingest.base}/write?db=d`, body)).status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.length >= 12);
    expect(read).toHaveLength(12);
    expect(new Set(read.map(({ encoding }) => encoding))).toEqual(new Set(['line']));
    const records = new Set(read.map(({ partition, offset }) => `${partition}:${offset}`));
    expect(records.size).toBe(new Set(read.map(({ partition }) => partition)).size);
    expect(read.map(({ point }) => Number(point.fields['v'])).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('writes one JSON record per point with POINTS_ENCODING=json', async () => {
    const ingest = await start({ SCHEMA_REGISTRY_URL: registry(), POINTS_ENCODING: 'json', PARTITION_KEYS: '*=host' });
    expect((await post(`${ingest.base}/write?db=d`, body)).status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.length >= 12);
    expect(read).toHaveLength(12);
    expect(new Set(read.map(({ encoding }) => encoding))).toEqual(new Set(['json']));
    expect(new Set(read.map(({ partition, offset }) => `${partition}:${offset}`)).size).toBe(12);
  });
});
