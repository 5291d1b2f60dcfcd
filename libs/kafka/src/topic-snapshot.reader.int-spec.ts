import type { Kafka } from 'kafkajs';
import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { kafkaBrokers, uniqueName } from '@vigil/testing';
import { AckedProducer } from './acked-producer';
import { createKafka } from './kafka-client.factory';
import { ensureTopics } from './topic-admin';
import { readOffsetRanges, type OffsetRange } from './topic-snapshot.reader';

const logger = createLogger({ service: 'topic-snapshot-int-spec', level: 'error' });

/**
 * A range is computed first and read afterwards; retention may move the log start in between.
 * `deleteTopicRecords` (DeleteRecords) moves it at once, which is the same condition as a deleted segment, made
 * deterministic: the ranges below are the ones computed before the deletion.
 */
describe('readOffsetRanges when the log start moves under the range (real broker)', () => {
  let kafka: Kafka;
  let producer: AckedProducer;
  const topics: string[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'topic-snapshot-int-spec', logger });
    producer = new AckedProducer(kafka, logger);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  async function topicWith(records: number): Promise<string> {
    const topic = uniqueName('vigil.test.snapshot-retention');
    topics.push(topic);
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    await producer.send(topic, Array.from({ length: records }, (_, index) => ({ key: 'k', value: `v${index}` })));
    return topic;
  }

  async function deleteBelow(topic: string, offset: number): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs finds the partition leaders from metadata it must have loaded first.
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: String(offset) }] });
    } finally {
      await admin.disconnect();
    }
  }

  const range = (from: number, to: number): Map<number, OffsetRange> => new Map([[0, { from: BigInt(from), to: BigInt(to) }]]);

  it('ends, reading nothing and counting the whole range as removed, when the log start passed the end of the range', async () => {
    const topic = await topicWith(25);
    await deleteBelow(topic, 25);
    const removed: number[] = [];
    const read = await readOffsetRanges(kafka, topic, range(0, 25), {
      groupId: uniqueName('snapshot-retention'),
      logger,
      timeoutMs: 30_000,
      onRemovedByRetention: (count) => removed.push(count),
    });
    expect(read).toEqual([]);
    expect(removed).toEqual([25]);
  }, 40_000);

  it('ends when the group starts at the old start offset (as readTopicTimeRange sets it) and the log start passed the end', async () => {
    const topic = await topicWith(25);
    await deleteBelow(topic, 25);
    const admin = kafka.admin();
    await admin.connect();
    const removed: number[] = [];
    try {
      const read = await readOffsetRanges(kafka, topic, range(5, 25), { groupId: uniqueName('snapshot-retention'), logger, timeoutMs: 30_000, onRemovedByRetention: (count) => removed.push(count) }, admin);
      expect(read).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    expect(removed).toEqual([20]);
  }, 40_000);

  it('reads what is left of a range whose start was removed and counts the removed part', async () => {
    const topic = await topicWith(25);
    await deleteBelow(topic, 10);
    const admin = kafka.admin();
    await admin.connect();
    const removed: number[] = [];
    try {
      const read = await readOffsetRanges(kafka, topic, range(0, 20), { groupId: uniqueName('snapshot-retention'), logger, timeoutMs: 30_000, onRemovedByRetention: (count) => removed.push(count) }, admin);
      expect(read.map((message) => message.value?.toString('utf8'))).toEqual(Array.from({ length: 10 }, (_, index) => `v${index + 10}`));
    } finally {
      await admin.disconnect();
    }
    expect(removed).toEqual([10]);
  }, 40_000);

  it('reports nothing removed when the range is intact', async () => {
    const topic = await topicWith(5);
    const removed: number[] = [];
    const read = await readOffsetRanges(kafka, topic, range(0, 5), { groupId: uniqueName('snapshot-retention'), logger, timeoutMs: 30_000, onRemovedByRetention: (count) => removed.push(count) });
    expect(read).toHaveLength(5);
    expect(removed).toEqual([]);
  }, 40_000);
});
