import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { kafkaBrokers, uniqueName } from '@vigil/testing';
import { CompactedTopicFollower, CompactedTopicWriter, type KeyedRecord } from './compacted-topic';
import { createKafka } from './kafka-client.factory';
import { ensureTopics } from './topic-admin';

const logger = createLogger({ service: 'compacted-topic-int-spec', level: 'error' });

describe('CompactedTopicFollower (real broker)', () => {
  it("gives each partition's end offset, past what it has read: what a topic deletion records", async () => {
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'compacted-topic-int-spec', logger });
    const topic = uniqueName('vigil.test.compacted-ends');
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
    const writer = new CompactedTopicWriter(kafka, logger);
    await writer.connect();
    const read: KeyedRecord[] = [];
    const follower = new CompactedTopicFollower(kafka, logger, { topic, groupId: uniqueName('compacted-ends'), onRecords: (records) => void read.push(...records) });
    try {
      for (const key of ['a', 'b', 'c']) await writer.put(topic, key, key);
      // Not started: it has read nothing, and the ends are still where the records took the topic.
      const ends = await follower.endOffsets();
      expect([...ends.keys()].sort()).toEqual([0, 1]);
      expect([...ends.values()].reduce((sum, end) => sum + end, 0n)).toBe(3n);
      await follower.start();
      expect(new Map([0, 1].map((partition) => [partition, BigInt(read.filter((record) => record.partition === partition).length)]))).toEqual(ends);
    } finally {
      await follower.stop();
      await writer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
