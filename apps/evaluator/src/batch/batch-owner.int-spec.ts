import { CPU_BATCH_TICK } from '@vigil/core';
import { defineTasks, EVENT_HEADERS, InfluxDBHttpClient, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { AckedProducer, createKafka, ensureTopics, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import type { CheckpointStore } from '@vigil/evaluation';
import { connectRedis, quitRedis, RedisCheckpointStore, type Redis } from '@vigil/redis';
import { HAVE_INFLUXD, INFLUXD, kafkaBrokers, redisUrl, startInfluxd, uniqueName, waitFor, type RunningInfluxd } from '@vigil/testing';
import { ProducerRecordSink } from '../evaluation/producer-record-sink';
import { BatchOwner } from './batch-owner';

if (!HAVE_INFLUXD) console.warn(`skipping the evaluator batch task int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

const logger = createLogger({ service: 'batch-owner-int-spec', level: 'warn' });
const POINTS = 'vigil.points';
const ZERO = [{ topic: POINTS, partition: 0 }];
const at = (time: string) => Date.parse(`2024-03-01T${time}Z`);

/**
 * Batch tasks in the distributed mode, with real Kafka (alert events), Redis (the fenced
 * checkpoint) and InfluxDB (the queries): the owner of partition 0 runs them; partition 0 moves
 * to another evaluator while the first is still running (a rebalance after a stall, the first not
 * yet told), and every scheduled run appears on the alerts topic with one event id, none skipped.
 * The evaluators' clock is a variable the test moves.
 */
describe.skipIf(!HAVE_INFLUXD)('evaluator: batch tasks on the owner of partition 0', () => {
  let influxd: RunningInfluxd | undefined;
  let redis: Redis;
  let producer: AckedProducer;
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'vigil-batch-owner-int-spec', logger });
  const alertsTopic = uniqueName('vigil.alerts.batch');
  const prefix = uniqueName('vigil-batch');

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.statement('CREATE DATABASE telegraf');
    // One critical value per minute, so every run from 10:01 to 10:05 gives one event.
    await influxd.write('telegraf', [1, 2, 3, 4, 5].map((minute) => `cpu,host=a usage=9${minute} ${BigInt(at(`10:0${minute - 1}:30`)) * 1_000_000n}`));
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-batch-owner-int-spec' });
    await ensureTopics(kafka, [{ topic: alertsTopic, partitions: 2, replicationFactor: 1 }]);
    producer = new AckedProducer(kafka, logger);
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
    influxd?.stop();
  });

  const STREAM_SCRIPT = `dbrp "telegraf"."autogen"\nstream|from().measurement('cpu')|alert().crit(lambda: "usage" > 90.0)\n`;
  const tasks = () =>
    defineTasks(
      [
        { name: 'cpu_batch', script: CPU_BATCH_TICK },
        { name: 'cpu_stream', script: STREAM_SCRIPT },
      ],
      SERIES_PARTITION_KEYS,
    );

  /** An evaluator's batch owner over the shared store, alerts topic and (test-moved) clock. */
  const ownerWith = (store: CheckpointStore, clock: { ms: number }, topic = alertsTopic) =>
    new BatchOwner({
      pointsTopic: POINTS,
      alertsTopic: topic,
      store,
      sink: new ProducerRecordSink(producer),
      sources: { influxdb: new InfluxDBHttpClient([{ name: 'default', url: influxd?.url ?? '' }]) },
      intervalMs: 20,
      retryDelayMs: 50,
      nowMs: () => clock.ms,
      logger,
    });

  /** The time of the last run the checkpoint holds, ns as text. */
  async function lastSaved(store: CheckpointStore, owner: BatchOwner): Promise<string | undefined> {
    const field = (await store.load(owner.checkpoint))?.fields['batch:cpu_batch'];
    return field === undefined ? undefined : (JSON.parse(field) as { schedule: { queries: { query1: { last?: string } } } }).schedule.queries.query1.last;
  }
  const runAt = (time: string) => String(BigInt(at(time)) * 1_000_000n);

  /** The alert events of a topic by event id: repeats of an id collapse, as the notifier drops them. */
  async function eventsById(topic: string): Promise<Map<string, string>> {
    const records = await readTopicSnapshot(kafka, topic, { groupId: uniqueName('batch-owner-read'), logger });
    const byId = new Map<string, string>();
    for (const record of records) {
      const event = JSON.parse(record.value?.toString('utf8') ?? '{}') as { time: string; level: string };
      byId.set(record.headers[EVENT_HEADERS.eventId] ?? '', `${event.level} ${event.time}`);
    }
    return byId;
  }

  it('runs every scheduled run once across a handover of partition 0', async () => {
    const clock = { ms: at('10:00:10') };
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'evaluators' });
    await store.prepare();
    const first = ownerWith(store, clock);
    const second = ownerWith(store, clock);
    await first.setTasks(tasks());
    await second.setTasks(tasks());
    // Another partition moves nothing; partition 0 makes the first evaluator the runner.
    await second.onAssigned([{ topic: POINTS, partition: 3 }]);
    await first.onAssigned(ZERO);
    const saved = () => lastSaved(store, first);
    clock.ms = at('10:02:05');
    await waitFor(async () => (await saved()) === runAt('10:02:00'), { timeoutMs: 30_000, what: 'the runs to 10:02' });

    // Partition 0 moves to the second evaluator before the first is told: both run for a while.
    await second.onAssigned(ZERO);
    clock.ms = at('10:04:05');
    await waitFor(async () => (await saved()) === runAt('10:04:00'), { timeoutMs: 30_000, what: 'the runs to 10:04' });
    await first.onRevoked(ZERO);
    clock.ms = at('10:05:05');
    await waitFor(async () => (await saved()) === runAt('10:05:00'), { timeoutMs: 30_000, what: 'the run of 10:05' });
    await second.stop();
    await first.stop();

    const byId = await eventsById(alertsTopic);
    // Repeats (a run both evaluators made) carry the same id, which the notifier drops; no run is missing.
    expect([...byId.values()].sort()).toEqual(['10:00:30', '10:01:30', '10:02:30', '10:03:30', '10:04:30'].map((time) => `CRITICAL 2024-03-01T${time}Z`));
  });

  it('an owner that dies between the events of a run and its checkpoint: the next owner makes that run again, same event ids', async () => {
    const clock = { ms: at('10:00:10') };
    const redisStore = new RedisCheckpointStore(redis, { prefix, groupId: 'crashing-evaluators' });
    await redisStore.prepare();
    const topic = uniqueName('vigil.alerts.batch-crash');
    await ensureTopics(kafka, [{ topic, partitions: 2, replicationFactor: 1 }]);
    // The first evaluator freezes for good in its save of the 10:03 run (SIGKILL after Kafka acknowledged the events).
    let frozen = false;
    const freezing: CheckpointStore = {
      load: (partition) => redisStore.load(partition),
      readEntries: (partition, section, names) => redisStore.readEntries(partition, section, names),
      scanEntries: (partition, section) => redisStore.scanEntries(partition, section),
      save: (partition, offset, write) => {
        const field = write.fields['batch:cpu_batch'];
        if (field?.includes(`"last":"${runAt('10:03:00')}"`)) {
          frozen = true;
          return new Promise(() => undefined);
        }
        return redisStore.save(partition, offset, write);
      },
    };
    const dying = ownerWith(freezing, clock, topic);
    const next = ownerWith(redisStore, clock, topic);
    await dying.setTasks(tasks());
    await next.setTasks(tasks());
    await dying.onAssigned(ZERO);
    clock.ms = at('10:03:05');
    await waitFor(() => frozen, { timeoutMs: 30_000, what: 'the first owner frozen in the 10:03 save' });
    expect(await lastSaved(redisStore, next)).toBe(runAt('10:02:00'));
    // Its session times out; partition 0 goes to the next evaluator, which restores the 10:02 checkpoint.
    await next.onAssigned(ZERO);
    clock.ms = at('10:04:05');
    await waitFor(async () => (await lastSaved(redisStore, next)) === runAt('10:04:00'), { timeoutMs: 30_000, what: 'the runs of 10:03 and 10:04 by the next owner' });
    await next.stop();

    const records = await readTopicSnapshot(kafka, topic, { groupId: uniqueName('batch-owner-read'), logger });
    const ids = records.map((record) => record.headers[EVENT_HEADERS.eventId] ?? '');
    // Five events written (10:03's twice, with one id), four distinct: none skipped, the repeat dropped by the notifier.
    expect(ids).toHaveLength(5);
    expect([...(await eventsById(topic)).values()].sort()).toEqual(['10:00:30', '10:01:30', '10:02:30', '10:03:30'].map((time) => `CRITICAL 2024-03-01T${time}Z`));
  });
});
