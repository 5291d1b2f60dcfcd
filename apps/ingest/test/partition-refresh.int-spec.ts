import { parsePartitionKeys, partitionKeyFor } from '@vigil/topic-contract';
import { createKafka, partitionForKey } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { integrationEnv, uniqueName, waitFor } from '@vigil/testing';
import { ingestPerTest, post, readTopic } from './ingest-harness';

/**
 * Partitions added to the points topic under a running ingest: once two metadata refreshes have
 * seen the new count, ingest places every key by it (as kafkajs' default partitioner would), so
 * the new partitions receive points, and it says so in one log line.
 */
describe('ingest after partitions are added to the points topic (real Kafka)', () => {
  const start = ingestPerTest();

  it('uses the added partitions once its metadata refresh has seen them', async () => {
    const ingest = await start({ POINTS_PARTITIONS: '2', INGEST_METADATA_REFRESH_MS: '300', LOG_LEVEL: 'info', PARTITION_KEYS: '*=host' });
    const hosts = Array.from({ length: 40 }, (_, i) => `h${i}`);
    const body = (name: string) => hosts.map((host, i) => `${name},host=${host} v=${i} ${i + 1}`).join('\n');
    expect((await post(`${ingest.base}/write?db=d`, body('before'))).status).toBe(204);
    const { KAFKA_BROKERS: brokers = '' } = integrationEnv();
    const admin = createKafka({ brokers: brokers.split(','), clientId: uniqueName('admin'), logger: createLogger({ service: 'test', level: 'warn' }) }).admin();
    await admin.connect();
    try {
      await admin.createPartitions({ topicPartitions: [{ topic: ingest.topic, count: 6 }] });
    } finally {
      await admin.disconnect();
    }
        await waitFor(async () => (ingest.process.output().includes('points topic partition count changed') ? true : undefined), { timeoutMs: 30_000, intervalMs: 100, what: 'partition count refresh' });
    expect(ingest.process.output().match(/points topic partition count changed/g)).toHaveLength(1);
    expect((await post(`${ingest.base}/write?db=d`, body('after'))).status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.length >= 80);
    expect(read).toHaveLength(80);
    // Each point on the partition its key hashes to over the count of the moment it was written.
    const keys = parsePartitionKeys('*=host');
    const placed = read.map(({ point, partition }) => `${point.name} ${point.tags['host']} ${partition}`).sort();
    const expected = read.map(({ point }) => `${point.name} ${point.tags['host']} ${partitionForKey(partitionKeyFor(point, keys), point.name === 'before' ? 2 : 6)}`).sort();
    expect(placed).toEqual(expected);
    const afterPartitions = new Set(read.filter(({ point }) => point.name === 'after').map(({ partition }) => partition));
    expect([...afterPartitions].filter((partition) => partition >= 2).length).toBeGreaterThan(0);
  }, 120_000);
});
