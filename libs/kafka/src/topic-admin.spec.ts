import type { Kafka } from 'kafkajs';
import { ensureTopics } from './topic-admin';

interface Failures {
  /** Creations that make their topics but then fail, as kafkajs's wait for leaders does. */
  readonly creations?: number;
  /** Calls that fail before anything, as an unreachable or refusing broker does. */
  readonly lists?: number;
}

/** A Kafka client whose admin starts with no topic and fails as told, with `error`. */
function fakeKafka(failures: Failures, error: Error): { kafka: Kafka; calls: { lists: number; creations: number } } {
  const calls = { lists: 0, creations: 0 };
  const created = new Set<string>();
  const admin = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    listTopics: () => (++calls.lists <= (failures.lists ?? 0) ? Promise.reject(error) : Promise.resolve([...created])),
    createTopics: ({ topics }: { topics: { topic: string }[] }) => {
      for (const { topic } of topics) created.add(topic);
      return ++calls.creations <= (failures.creations ?? 0) ? Promise.reject(error) : Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics }: { topics: string[] }) => Promise.resolve({ topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0 }] })) }),
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, calls };
}

describe('ensureTopics', () => {
  // As kafkajs's KafkaJSProtocolError for UNKNOWN_TOPIC_OR_PARTITION carries it.
  const unknownPartition = Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true });
  const specs = [{ topic: 't', partitions: 1 }];

  it('tries again after a retriable error and finds the topic the failed call made', async () => {
    const { kafka, calls } = fakeKafka({ creations: 1 }, unknownPartition);
    expect(await ensureTopics(kafka, specs, 1)).toEqual([{ topic: 't', partitions: 1, created: false }]);
    expect(calls).toEqual({ lists: 2, creations: 1 });
  });

  it('gives up after three attempts, and at once on an error that is not retriable', async () => {
    const retried = fakeKafka({ lists: 10 }, unknownPartition);
    await expect(ensureTopics(retried.kafka, specs, 1)).rejects.toThrow('This server does not host this topic-partition');
    expect(retried.calls.lists).toBe(3);
    const refused = fakeKafka({ lists: 10 }, new Error('not authorized'));
    await expect(ensureTopics(refused.kafka, specs, 1)).rejects.toThrow('not authorized');
    expect(refused.calls.lists).toBe(1);
  });
});
