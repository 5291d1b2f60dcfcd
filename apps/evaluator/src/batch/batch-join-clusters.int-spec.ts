import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '@vigil/config';
import { defineTasks, EVENT_HEADERS, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { AckedProducer, createKafka, ensureTopics, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisCheckpointStore, type Redis } from '@vigil/redis';
import { HAVE_INFLUXD, INFLUXD, kafkaBrokers, redisUrl, startInfluxd, uniqueName, waitFor, type RunningInfluxd } from '@vigil/testing';
import { ProducerRecordSink } from '../evaluation/producer-record-sink';
import { BATCH_ENV, batchSourcesFromEnv } from './batch-env';
import { BatchOwner } from './batch-owner';

if (!HAVE_INFLUXD) console.warn(`skipping the evaluator batch join int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

const logger = createLogger({ service: 'batch-join-clusters-int-spec', level: 'warn' });
const POINTS = 'vigil.points';
const EU = { username: 'eu-reader', password: 'Eu-r3ader-Pa55' };
const at = (time: string) => Date.parse(`2024-03-01T${time}Z`);

/** A template's script as its task's record holds it: the statement is a var the task gives. */
const TEMPLATE = `dbrp "telegraf"."autogen"
var query string
var local = batch|query(query).period(1m).every(1m).align()
var eu = batch|query(query).period(1m).every(1m).align().cluster('eu')
local|join(eu).as('local', 'eu')|alert().crit(lambda: "local.usage" > "eu.usage").topic('cpu')
`;

/**
 * The distributed mode's batch runtime with what issue 13 added, against real Kafka, Redis and two
 * real InfluxDBs: the evaluator's INFLUXDB_URL and INFLUXDB_CLUSTERS_FILE (the named one with
 * authentication, its password in a file), a task of a batch template (its query a var) that joins
 * a query of each cluster, run by the owner of partition 0; the event on the alerts topic holds
 * both answers.
 */
describe.skipIf(!HAVE_INFLUXD)('evaluator: a templated join of two clusters on the owner of partition 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-evaluator-clusters-'));
  let local: RunningInfluxd | undefined;
  let eu: RunningInfluxd | undefined;
  let redis: Redis;
  let producer: AckedProducer;
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'vigil-batch-join-clusters-int-spec', logger });
  const alertsTopic = uniqueName('vigil.alerts.batch-join');
  const prefix = uniqueName('vigil-batch-join');

  beforeAll(async () => {
    [local, eu] = await Promise.all([startInfluxd(), startInfluxd({ auth: true })]);
    await local.statement('CREATE DATABASE telegraf');
    await local.write('telegraf', [`cpu,host=a usage=95 ${BigInt(at('10:00:30')) * 1_000_000n}`]);
    await eu.statement(`CREATE USER "${EU.username}" WITH PASSWORD '${EU.password}' WITH ALL PRIVILEGES`);
    await eu.statement('CREATE DATABASE telegraf', EU);
    await eu.write('telegraf', [`cpu,host=b usage=60 ${BigInt(at('10:00:30')) * 1_000_000n}`], EU);
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-batch-join-clusters-int-spec' });
    await ensureTopics(kafka, [{ topic: alertsTopic, partitions: 1, replicationFactor: 1 }]);
    producer = new AckedProducer(kafka, logger);
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
    local?.stop();
    eu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queries each cluster as configured and sends the joined event', async () => {
    writeFileSync(join(dir, 'eu.password'), `${EU.password}\n`);
    writeFileSync(join(dir, 'clusters.json'), JSON.stringify({ influxdb: [{ name: 'eu', url: eu?.url, username: EU.username, passwordFile: 'eu.password' }] }));
    const sources = batchSourcesFromEnv(parseEnv('evaluator', BATCH_ENV, { INFLUXDB_URL: local?.url, INFLUXDB_CLUSTERS_FILE: join(dir, 'clusters.json') }));
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'evaluators' });
    await store.prepare();
    const clock = { ms: at('10:00:10') };
    const owner = new BatchOwner({
      pointsTopic: POINTS,
      alertsTopic,
      store,
      sink: new ProducerRecordSink(producer),
      sources,
      intervalMs: 20,
      retryDelayMs: 50,
      nowMs: () => clock.ms,
      logger,
    });
    const vars = { query: { type: 'string', value: 'SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"' } } as const;
    await owner.setTasks(defineTasks([{ name: 'cpu_clusters', script: TEMPLATE, vars }], SERIES_PARTITION_KEYS));
    await owner.onAssigned([{ topic: POINTS, partition: 0 }]);
    clock.ms = at('10:01:05');
    const read = () => readTopicSnapshot(kafka, alertsTopic, { groupId: uniqueName('batch-join-read'), logger });
    const records = await waitFor(async () => {
      const found = await read();
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 30_000, what: 'the joined event on the alerts topic' });
    await owner.stop();
    const events = records.map((record) => JSON.parse(record.value?.toString('utf8') ?? '{}') as { id: string; level: string; data: { series: { columns: string[]; values: unknown[][] }[] } });
    expect(events.map((event) => [event.id, event.level, event.data.series[0]?.columns, event.data.series[0]?.values])).toEqual([
      ['cpu:nil', 'CRITICAL', ['time', 'eu.usage', 'local.usage'], [['2024-03-01T10:00:30Z', 60, 95]]],
    ]);
    expect(records[0]?.headers[EVENT_HEADERS.eventId]).toMatch(/^[0-9a-f]{32}$/);
  });
});
