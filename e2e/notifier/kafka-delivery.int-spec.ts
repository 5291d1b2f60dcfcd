import type { Kafka } from 'kafkajs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, ensureTopics } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { kafkaBrokers, uniqueName } from '@vigil/testing';
import { EvaluatorCluster } from '../evaluator/support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS } from '../evaluator/support/provider-points';
import { SEED_CRITICAL, SEED_INFO, SEED_LINES } from '../evaluator/support/seed-scenario';
import { NotifierDeployment } from './support/notifier-deployment';

interface OutRecord {
  readonly partition: number;
  readonly key: string;
  readonly value: string;
  readonly idempotencyKey: string;
}

/** Reads `count` records of a topic from its start, failing after 60 s with what it got. */
async function readRecords(kafka: Kafka, topic: string, count: number): Promise<OutRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName(`${topic}.reader`), maxWaitTimeInMs: 200 });
  const records: OutRecord[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({ partition, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', idempotencyKey: message.headers?.['Idempotency-Key']?.toString() ?? '' });
        if (records.length >= count) finish();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${topic}: ${records.length} of ${count} records within 60 s`)), 60_000)))]);
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/**
 * Issue 13: the `.kafka()` handler end to end in the distributed mode. The seed task's handler is
 * `.kafka().cluster('shared').kafkaTopic(...)`, the cluster being the shared Kafka under
 * kafka.clusters of the handler configuration that both the evaluator (which must accept the
 * task) and the notifier (which writes) read. The topic then holds what Kapacitor's kafka handler
 * writes (`services/kafka`: `handler.Handle`): one record per event, keyed by the alert id, whose
 * value is the alert JSON plus the newline of Go's encoder.
 */
describe('seed scenario from /write to a Kafka topic through .kafka()', () => {
  const configDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-kafka-handler-'));
  const handlersFile = join(configDir, 'handlers.json');
  let cluster: EvaluatorCluster;
  let notifiers: NotifierDeployment;
  const outTopic = uniqueName('vigil.e2e.kafka-handler-out');
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: `${outTopic}.admin`, logger: createLogger({ service: 'kafka-delivery-e2e', level: 'warn' }) });

  beforeAll(async () => {
    const seedPost = ".post('http://localhost:9000/alerts')";
    if (!PROVIDER_HEALTH_TICK.includes(seedPost)) throw new Error(`the provider-health task no longer has ${seedPost}`);
    writeFileSync(handlersFile, JSON.stringify({ kafka: { clusters: { shared: { brokers: kafkaBrokers() } } } }));
    cluster = new EvaluatorCluster({
      tasks: { provider_health: PROVIDER_HEALTH_TICK.replace(seedPost, `.kafka().cluster('shared').kafkaTopic('${outTopic}')`) },
      partitionKeys: PROVIDER_KEYS,
      pointsPartitions: 3,
      evaluatorEnv: { HANDLERS_CONFIG_FILE: handlersFile },
    });
    notifiers = new NotifierDeployment({ alertsTopic: cluster.alertsTopic, env: { HANDLERS_CONFIG_FILE: handlersFile } });
    await cluster.setUp();
    await notifiers.setUp();
    await ensureTopics(kafka, [{ topic: outTopic, partitions: 3 }]);
  });

  afterAll(async () => {
    await notifiers?.tearDown();
    await cluster?.tearDown();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [outTopic] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('writes each event once, keyed by its alert id, as the alert JSON and a newline, in order per alert id', async () => {
    const [ingest] = await Promise.all([cluster.startIngest(), cluster.startEvaluator(), notifiers.startNotifier()]);
    const response = await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: SEED_LINES });
    expect(response.status).toBe(204);
    await cluster.waitUntilEvaluated();
    await notifiers.waitUntilCommitted();

    const alerts = await cluster.readAlerts();
    expect(alerts).toHaveLength(5);
    const written = await readRecords(kafka, outTopic, alerts.length);
    expect(written).toHaveLength(5);
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(outTopic).finally(() => admin.disconnect());
    // Nothing more than the five: no event was written twice.
    expect(ends.reduce((sum, end) => sum + Number(end.high), 0)).toBe(5);
    for (const id of ['status_provedor_p1pa', 'status_provedor_p1pb']) {
      const ofId = written.filter((record) => record.key === id);
      // One partition per key, so the topic keeps the events of an alert in their order.
      expect(new Set(ofId.map((record) => record.partition)).size).toBe(1);
      expect(ofId.map((record) => record.value)).toEqual(alerts.filter((record) => record.key === id).map((record) => `${record.value}\n`));
    }
    expect(written.filter((record) => record.key === 'status_provedor_p1pa').slice(1).map((record) => record.value)).toEqual([`${SEED_CRITICAL}\n`, `${SEED_INFO}\n`]);
    // Each record carries its notification's key, distinct per event, for a consumer to drop repeats.
    expect(new Set(written.map((record) => record.idempotencyKey)).size).toBe(5);
    expect(written.every((record) => record.idempotencyKey !== '')).toBe(true);
  });
});
