import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { kafkaBrokers, uniqueName } from '@vigil/testing';
import { AckedProducer } from './acked-producer';
import { createKafka } from './kafka-client.factory';
import { ensureTopics } from './topic-admin';
import { readTopicSnapshot } from './topic-snapshot.reader';

const logger = createLogger({ service: 'acked-producer-int-spec', level: 'error' });

/**
 * A send the broker takes in part is the one way to make kafkajs lose track of its sequence
 * numbers on demand, without killing a broker: the broker appends one partition's batch and
 * refuses the other's, kafkajs rejects the send and counts back the sequence numbers of both.
 * Checked by hand with a bare kafkajs 2.2.4 producer on the same broker: the next send of two
 * records was refused with OUT_OF_ORDER_SEQUENCE_NUMBER, and the one after, of one record,
 * was acknowledged without being appended (taken for the duplicate of the appended one).
 */
describe('AckedProducer after a send the broker took in part (real broker)', () => {
  it('writes every later send: none refused, none dropped as a duplicate', async () => {
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'acked-producer-int-spec', logger });
    const topic = uniqueName('vigil.test.acked-producer');
    // A small max.message.bytes, so that one partition's batch can be refused while the other's is taken.
    await ensureTopics(kafka, [{ topic, partitions: 2, configEntries: { 'max.message.bytes': '2000' } }]);
    const producer = new AckedProducer(kafka, logger);
    await producer.connect();
    try {
      await producer.send(topic, [{ key: null, value: 'a', partition: 0 }]);
      // Told the default limit, the producer sends both in one request: partition 0's is appended, partition 1's refused.
      await expect(
        producer.send(topic, [
          { key: null, value: 'b', partition: 0 },
          { key: null, value: 'x'.repeat(5_000), partition: 1 },
        ]),
      ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
      await producer.send(topic, [
        { key: null, value: 'c', partition: 0 },
        { key: null, value: 'd', partition: 0 },
      ]);
      await producer.send(topic, [{ key: null, value: 'e', partition: 0 }]);
      const records = await readTopicSnapshot(kafka, topic, { groupId: uniqueName('acked-producer-int-reader'), logger });
      expect(records.map((record) => `${record.partition}:${record.value?.toString()}`)).toEqual(['0:a', '0:b', '0:c', '0:d', '0:e']);
    } finally {
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
