import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { kafkaBrokers, uniqueName } from '@vigil/testing';
import { AlertRecordProducers } from './alert-record-producers';
import { createKafka } from './kafka-client.factory';
import { ensureTopics } from './topic-admin';
import { readTopicSnapshot } from './topic-snapshot.reader';

const logger = createLogger({ service: 'alert-record-producers-int-spec', level: 'error' });

describe("AlertRecordProducers: the .kafka() handler's clusters (real broker)", () => {
  it('writes each record with its key, value and headers to the named cluster, and refuses an unknown cluster', async () => {
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'alert-record-producers-int-spec', logger });
    const topic = uniqueName('vigil.test.kafka-handler');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const producers = new AlertRecordProducers({ clusters: { ops: { brokers: kafkaBrokers() } }, clientId: 'vigil-kafka-handler', logger });
    try {
      await producers.produce({ cluster: 'ops', topic, key: 'cpu:host=a', value: '{"id":"cpu:host=a"}\n', headers: { 'Idempotency-Key': 'e1:0:k' } });
      await producers.produce({ cluster: 'ops', topic, key: 'cpu:host=b', value: 'second', headers: {} });
      await expect(producers.produce({ cluster: 'eu', topic, key: 'k', value: 'v', headers: {} })).rejects.toMatchObject({ retriable: false, message: 'no kafka cluster "eu" is configured' });
      const records = await readTopicSnapshot(kafka, topic, { groupId: uniqueName('alert-record-producers-reader'), logger });
      expect(records.map((record) => [record.key?.toString(), record.value?.toString(), record.headers?.['Idempotency-Key']?.toString()])).toEqual([
        ['cpu:host=a', '{"id":"cpu:host=a"}\n', 'e1:0:k'],
        ['cpu:host=b', 'second', undefined],
      ]);
    } finally {
      await producers.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
