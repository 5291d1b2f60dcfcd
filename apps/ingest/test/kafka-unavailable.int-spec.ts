import { createKafka } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { integrationEnv, uniqueName } from '@vigil/testing';
import { ingestPerTest, post, readTopic } from './ingest-harness';

/**
 * Kafka refusing the produce: the points topic is deleted under a running ingest, so the real
 * producer's sends fail (the partition leader answers UNKNOWN_TOPIC_OR_PARTITION until kafkajs
 * gives up). The request must get 503 with Retry-After, and once the topic exists again none of
 * that request's points may show up: only a later marker write does.
 */
describe('ingest when Kafka does not acknowledge (real Kafka)', () => {
  const start = ingestPerTest();

  it('answers 503 with Retry-After and writes none of the refused request later', async () => {
    // The timeout is longer than kafkajs' own retry budget, so the 503 comes from the producer
    // giving up, after which it retries nothing.
    const ingest = await start({ KAFKA_SEND_TIMEOUT_MS: '100000', RETRY_AFTER_SECONDS: '7' });
    const { KAFKA_BROKERS: brokers = '' } = integrationEnv();
    const admin = createKafka({ brokers: brokers.split(','), clientId: uniqueName('admin'), logger: createLogger({ service: 'test', level: 'warn' }) }).admin();
    await admin.connect();
    try {
      expect((await post(`${ingest.base}/write?db=d`, 'warmup v=0 1')).status).toBe(204);
      await admin.deleteTopics({ topics: [ingest.topic], timeout: 10_000 });
      const refused = await post(`${ingest.base}/write?db=d`, ['lost,n=1 v=1 2', 'lost,n=2 v=2 3'].join('\n'));
      expect({ status: refused.status, retryAfter: refused.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '7' });
      expect(refused.body).toContain('points not written');
      await admin.createTopics({ topics: [{ topic: ingest.topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
      const marker = await post(`${ingest.base}/write?db=d`, 'marker v=9 9');
      expect(marker.status).toBe(204);
      const read = await readTopic(ingest.topic, (points) => points.some((entry) => entry.point.name === 'marker'));
      expect(read.map((entry) => entry.point.name)).toEqual(['marker']);
    } finally {
      await admin.disconnect();
    }
  }, 150_000);
});
