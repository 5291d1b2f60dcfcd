import type { Kafka } from 'kafkajs';
import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { kafkaBrokers, uniqueName, waitFor } from '@vigil/testing';
import { AckedProducer } from './acked-producer';
import { BatchConsumer, type ConsumedMessage } from './batch-consumer';
import { createKafka } from './kafka-client.factory';
import { partitionKey, type TopicPartition } from './partition-assignment';
import { ensureTopics } from './topic-admin';

const logger = createLogger({ service: 'kafka-int-spec', level: 'warn' });

/** A consumer-group member for tests: records what it received and which partitions it owns. */
class RecordingMember {
  readonly received: ConsumedMessage[] = [];
  readonly events: string[] = [];
  /** Hook calls and batches in the order they happened, to check hooks come first. */
  readonly timeline: string[] = [];
  readonly consumer: BatchConsumer;

  constructor(kafka: Kafka, groupId: string, topic: string) {
    this.consumer = new BatchConsumer(kafka, logger, {
      groupId,
      topics: [topic],
      heartbeatIntervalMs: 500,
      sessionTimeoutMs: 10_000,
      handleBatch: async (batch) => {
        this.timeline.push(`batch ${batch.partition}`);
        this.received.push(...batch.messages);
      },
      onAssigned: async (partitions) => {
        // A slow restore (as the evaluator's state load from Redis may be) must still finish first.
        await new Promise((resolve) => setTimeout(resolve, 200));
        this.timeline.push(`assigned ${partitions.map((tp) => tp.partition).join(',')}`);
        this.events.push(`+${partitions.map(partitionKey).join(',')}`);
      },
      onRevoked: async (partitions) => {
        this.events.push(`-${partitions.map(partitionKey).join(',')}`);
      },
    });
  }

  owned(): number[] {
    return this.consumer.assignment().map((tp: TopicPartition) => tp.partition);
  }

  values(): string[] {
    return this.received.map((message) => message.value?.toString('utf8') ?? '');
  }
}

describe('@vigil/kafka against a real broker', () => {
  let kafka: Kafka;
  let producer: AckedProducer;
  const members: RecordingMember[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'vigil-kafka-int-spec', logger });
    producer = new AckedProducer(kafka, logger);
    await producer.connect();
  });

  afterEach(async () => {
    for (const member of members.splice(0)) await member.consumer.stop().catch(() => undefined);
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  function member(groupId: string, topic: string): RecordingMember {
    const created = new RecordingMember(kafka, groupId, topic);
    members.push(created);
    return created;
  }

  it('creates topics idempotently with the requested partitions', async () => {
    const topic = uniqueName('vigil.test.admin');
    expect(await ensureTopics(kafka, [{ topic, partitions: 3 }])).toEqual([{ topic, partitions: 3, created: true }]);
    // A second call, even asking for a different count, leaves the topic as it is.
    expect(await ensureTopics(kafka, [{ topic, partitions: 5 }])).toEqual([{ topic, partitions: 3, created: false }]);
  });

  it('writes more than one record batch can hold to one partition as several sends, in order', async () => {
    // 3 MiB for one partition in one call: as a single send the broker would refuse the batch
    // (max.message.bytes, 1 MiB by default) with the non-retriable MESSAGE_TOO_LARGE, which
    // crashed an evaluator's consumer for good when 100k new groups raised events at once.
    const topic = uniqueName('vigil.test.large');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const messages = Array.from({ length: 3_000 }, (_, index) => ({ key: 'one', value: `${index}:${'x'.repeat(1_024)}` }));
    const delivered = await producer.send(topic, messages);
    expect(delivered.length).toBeGreaterThanOrEqual(3);
    const reader = member(uniqueName('vigil.test.large.group'), topic);
    await reader.consumer.start();
    await waitFor(() => reader.received.length >= messages.length, { timeoutMs: 60_000, what: 'all 3,000 messages' });
    expect(reader.values().map((value) => Number(value.split(':')[0]))).toEqual(messages.map((_, index) => index));
  });

  it('delivers keyed messages with every key on one partition, in order', async () => {
    const topic = uniqueName('vigil.test.keys');
    await ensureTopics(kafka, [{ topic, partitions: 4 }]);
    const keys = Array.from({ length: 12 }, (_, index) => `host-${index}`);
    const sentPartition = new Map<string, Set<number>>();
    for (let round = 0; round < 5; round += 1) {
      const delivered = await producer.send(
        topic,
        keys.map((key) => ({ key, value: `${key}#${round}` })),
      );
      // The ack already says where each batch went; consumption below must agree with it.
      expect(delivered.length).toBeGreaterThan(0);
    }

    const reader = member(uniqueName('vigil.test.keys.group'), topic);
    await reader.consumer.start();
    await waitFor(() => reader.received.length >= keys.length * 5, { timeoutMs: 60_000, what: 'all 60 messages' });

    expect(reader.received).toHaveLength(keys.length * 5);
    for (const message of reader.received) {
      const key = message.key?.toString('utf8') ?? '';
      const seen = sentPartition.get(key) ?? new Set<number>();
      seen.add(message.partition);
      sentPartition.set(key, seen);
    }
    for (const key of keys) expect([...(sentPartition.get(key) ?? [])]).toHaveLength(1);
    // Twelve keys over four partitions: with Kafka's murmur2 partitioner they spread out.
    const usedPartitions = new Set(reader.received.map((message) => message.partition));
    expect(usedPartitions.size).toBeGreaterThan(1);
    for (const key of keys) {
      const rounds = reader.values().filter((value) => value.startsWith(`${key}#`));
      expect(rounds).toEqual([0, 1, 2, 3, 4].map((round) => `${key}#${round}`));
    }
    // The assignment hook ran, and finished, before the first batch was handed over.
    expect(reader.timeline[0]).toBe('assigned 0,1,2,3');
    expect(reader.timeline.slice(1).every((entry) => entry.startsWith('batch '))).toBe(true);
  });

  it('splits partitions between two members and gives all back when one leaves', async () => {
    const topic = uniqueName('vigil.test.rebalance');
    const groupId = uniqueName('vigil.test.rebalance.group');
    await ensureTopics(kafka, [{ topic, partitions: 6 }]);
    const all = [0, 1, 2, 3, 4, 5];

    const first = member(groupId, topic);
    await first.consumer.start();
    await waitFor(() => first.events.length === 1, { timeoutMs: 60_000, what: 'first member told of its partitions' });
    expect(first.owned()).toEqual(all);
    expect(first.events).toEqual([`+${all.map((partition) => `${topic}:${partition}`).join(',')}`]);

    const second = member(groupId, topic);
    await second.consumer.start();
    await waitFor(() => first.owned().length > 0 && second.owned().length > 0 && first.owned().length + second.owned().length === 6, {
      timeoutMs: 60_000,
      what: 'both members owning partitions',
    });
    expect([...first.owned(), ...second.owned()].sort()).toEqual(all);
    // The first member is told which partitions it lost.
    await waitFor(() => first.events.some((event) => event.startsWith('-')), { timeoutMs: 10_000, what: 'a revocation' });

    // Messages sent now reach whichever member owns their partition, and nobody else.
    await producer.send(topic, all.map((index) => ({ key: `k${index}`, value: `v${index}` })));
    await waitFor(() => first.received.length + second.received.length === 6, { timeoutMs: 30_000, what: 'six messages' });
    for (const message of first.received) expect(first.owned()).toContain(message.partition);
    for (const message of second.received) expect(second.owned()).toContain(message.partition);

    await second.consumer.stop();
    members.splice(members.indexOf(second), 1);
    expect(second.owned()).toEqual([]);
    await waitFor(() => first.owned().length === 6, { timeoutMs: 60_000, what: 'first member owning all partitions again' });
    expect(first.owned()).toEqual(all);
  });

  it('resumes from the committed offsets after a restart: nothing repeated, nothing skipped', async () => {
    const topic = uniqueName('vigil.test.resume');
    const groupId = uniqueName('vigil.test.resume.group');
    await ensureTopics(kafka, [{ topic, partitions: 3 }]);
    const batch = (from: number) =>
      Array.from({ length: 15 }, (_, index) => ({ key: `key-${(from + index) % 5}`, value: `m${from + index}` }));

    await producer.send(topic, batch(0));
    const before = member(groupId, topic);
    await before.consumer.start();
    await waitFor(() => before.received.length === 15, { timeoutMs: 60_000, what: 'the first 15 messages' });
    await before.consumer.stop();
    members.splice(members.indexOf(before), 1);

    await producer.send(topic, batch(15));
    const after = member(groupId, topic);
    await after.consumer.start();
    await waitFor(() => after.received.length >= 15, { timeoutMs: 60_000, what: 'the next 15 messages' });

    const sorted = (values: string[]) => [...values].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(sorted(before.values())).toEqual(Array.from({ length: 15 }, (_, index) => `m${index}`));
    expect(sorted(after.values())).toEqual(Array.from({ length: 15 }, (_, index) => `m${15 + index}`));
  });

  it('redelivers a batch whose handler failed, and commits it only once handled', async () => {
    const topic = uniqueName('vigil.test.retry');
    const groupId = uniqueName('vigil.test.retry.group');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    await producer.send(topic, [1, 2, 3].map((index) => ({ key: 'k', value: `m${index}` })));

    const attempts: string[][] = [];
    let failuresLeft = 1;
    const flaky = new BatchConsumer(kafka, logger, {
      groupId,
      topics: [topic],
      heartbeatIntervalMs: 500,
      handleBatch: async (batch) => {
        attempts.push(batch.messages.map((message) => message.value?.toString('utf8') ?? ''));
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('simulated handler failure');
        }
      },
    });
    await flaky.start();
    await waitFor(() => attempts.length >= 2 && failuresLeft === 0, { timeoutMs: 60_000, what: 'a second attempt' });
    await flaky.stop();
    // The failed batch came again from its first message: nothing was committed for it.
    expect(attempts[0]).toEqual(['m1', 'm2', 'm3']);
    expect(attempts[1]).toEqual(['m1', 'm2', 'm3']);

    // The successful attempt was committed: a new member of the group sees nothing old.
    const after = member(groupId, topic);
    await after.consumer.start();
    await producer.send(topic, [{ key: 'k', value: 'm4' }]);
    await waitFor(() => after.received.length >= 1, { timeoutMs: 60_000, what: 'the new message' });
    expect(after.values()).toEqual(['m4']);
  });
});
