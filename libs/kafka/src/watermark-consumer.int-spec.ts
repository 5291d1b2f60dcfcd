import type { Kafka } from 'kafkajs';
import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { kafkaBrokers, uniqueName, waitFor } from '@vigil/testing';
import { AckedProducer } from './acked-producer';
import type { ConsumedMessage } from './batch-consumer';
import { createKafka } from './kafka-client.factory';
import type { TopicPartition } from './partition-assignment';
import { ensureTopics } from './topic-admin';
import { WatermarkConsumer } from './watermark-consumer';

const logger = createLogger({ service: 'watermark-consumer-int-spec', level: 'warn' });

describe('WatermarkConsumer against a real broker', () => {
  let kafka: Kafka;
  let producer: AckedProducer;
  const consumers: WatermarkConsumer[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'vigil-watermark-int-spec', logger });
    producer = new AckedProducer(kafka, logger);
    await producer.connect();
  });

  afterEach(async () => {
    for (const consumer of consumers.splice(0)) await consumer.stop().catch(() => undefined);
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  async function committed(groupId: string, topic: string): Promise<bigint | undefined> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [entry] = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
      return entry === undefined || BigInt(entry.offset) < 0n ? undefined : BigInt(entry.offset);
    } finally {
      await admin.disconnect();
    }
  }

  async function produce(topic: string, from: number, to: number): Promise<void> {
    const messages = [];
    for (let i = from; i < to; i++) messages.push({ key: 'k', value: String(i) });
    await producer.send(topic, messages);
  }

  function consumerOf(groupId: string, topic: string, options: { onRevoked?: (tp: readonly TopicPartition[]) => Promise<void> } = {}) {
    const received: ConsumedMessage[] = [];
    const consumer = new WatermarkConsumer(kafka, logger, {
      groupId,
      topics: [topic],
      heartbeatIntervalMs: 500,
      sessionTimeoutMs: 10_000,
      // Small fetches, so pausing takes effect between batches.
      maxBytesPerPartition: 256,
      handleBatch: async (batch) => {
        received.push(...batch.messages);
      },
      ...(options.onRevoked ? { onRevoked: options.onRevoked } : {}),
    });
    consumers.push(consumer);
    return { consumer, received, values: () => received.map((message) => message.value?.toString('utf8') ?? '') };
  }

  it('keeps fetching without committing, and commits exactly the offsets it is given', async () => {
    const topic = uniqueName('vigil.test.watermark');
    const groupId = uniqueName('vigil.test.watermark.group');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    await produce(topic, 0, 30);
    const first = consumerOf(groupId, topic);
    await first.consumer.start();
    await waitFor(() => first.received.length === 30, { timeoutMs: 30_000, what: 'all 30 records handed over' });
    expect(first.values()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(await committed(groupId, topic)).toBeUndefined();

    await first.consumer.commit([{ topic, partition: 0, offset: 12n }]);
    expect(await committed(groupId, topic)).toBe(12n);
    await first.consumer.stop();
    consumers.splice(0);

    // A new member starts at the committed watermark: records 12.. are handed over again.
    const second = consumerOf(groupId, topic);
    await second.consumer.start();
    await waitFor(() => second.received.length === 18, { timeoutMs: 30_000, what: 'records from the watermark on' });
    expect(second.values()).toEqual(Array.from({ length: 18 }, (_, i) => String(12 + i)));
  });

  it('stops fetching a paused partition until it is resumed', async () => {
    const topic = uniqueName('vigil.test.watermark-pause');
    const groupId = uniqueName('vigil.test.watermark-pause.group');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const member = consumerOf(groupId, topic);
    await member.consumer.start();
    await waitFor(() => member.consumer.assignment().length === 1, { timeoutMs: 30_000, what: 'the partition assigned' });
    await produce(topic, 0, 5);
    await waitFor(() => member.received.length === 5, { timeoutMs: 30_000, what: 'the first records' });

    member.consumer.pause({ topic, partition: 0 });
    expect(member.consumer.isPaused({ topic, partition: 0 })).toBe(true);
    await produce(topic, 5, 10);
    // Nothing arrives while paused: a few fetch rounds (maxWait is 1 s) come and go.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(member.received.length).toBe(5);

    member.consumer.resume({ topic, partition: 0 });
    await waitFor(() => member.received.length === 10, { timeoutMs: 30_000, what: 'the records after resume' });
    expect(member.values()).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
  });

  it('revokes everything on stop while still in the group, so the revocation hook can commit', async () => {
    const topic = uniqueName('vigil.test.watermark-stop');
    const groupId = uniqueName('vigil.test.watermark-stop.group');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    await produce(topic, 0, 4);
    const self: { consumer?: WatermarkConsumer } = {};
    const member = consumerOf(groupId, topic, {
      onRevoked: async (partitions) => {
        await self.consumer?.commit(partitions.map((tp) => ({ ...tp, offset: 3n })));
      },
    });
    const consumer = member.consumer;
    self.consumer = consumer;
    await consumer.start();
    await waitFor(() => member.received.length === 4, { timeoutMs: 30_000, what: 'all records' });
    await consumer.stop();
    consumers.splice(0);
    expect(await committed(groupId, topic)).toBe(3n);
  });
});
