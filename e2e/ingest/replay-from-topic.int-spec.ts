import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Point } from '@vigil/core';
import { encodeTaskRecord, type KapacitorTask } from '@vigil/kapacitor-api';
import { AckedProducer, CompactedTopicWriter, createKafka, createPointCodec, ensureTopics, readTopicSnapshot, readTopicTimeRange } from '@vigil/kafka';
import { formatPoint } from '@vigil/line-protocol';
import { createLogger } from '@vigil/observability';
import { parsePartitionKeys, partitionKeyFor } from '@vigil/topic-contract';
import { kafkaBrokers, schemaRegistryUrl, uniqueName } from '@vigil/testing';
import { LineBatchEncoder } from '../../apps/ingest/src/sink/line-batch.encoder';
import { main } from '../../apps/cli/src/main';
import type { CommandIo } from '../../apps/cli/src/commands/command-io';
import { runTopicReplay } from '../../apps/cli/src/commands/topic-replay';

const logger = createLogger({ service: 'topic-replay-int-spec', level: 'warn' });
const PARTITIONS = 3;
/** 2024-03-01T10:00:00Z in nanoseconds: the points are one per 10 s from here. */
const T0 = 1_709_287_200_000_000_000n;
const SECOND = 1_000_000_000n;

const TICK = `dbrp "telegraf"."autogen"
stream
  |from()
    .measurement('cpu')
    .groupBy('host')
  |window()
    .period(30s)
    .every(10s)
  |mean('usage')
    .as('usage')
  |alert()
    .warn(lambda: "usage" > 60.0)
    .crit(lambda: "usage" > 90.0)
    .topic('cpu')
`;

/**
 * TICK as the task API holds it: no dbrp line (the request's dbrps are in the record) and the
 * thresholds as vars, so a replay that left out the record's dbrps or vars would differ from TICK.
 */
const TOPIC_TASK_SCRIPT = TICK.replace('dbrp "telegraf"."autogen"\n', 'var warn = 0.0\nvar crit = 0.0\n').replace('> 60.0', '> warn').replace('> 90.0', '> crit');
const TASK_RECORD_TIMES = { created: '2024-03-01T09:00:00Z', modified: '2024-03-01T09:30:00Z', lastEnabled: '2024-03-01T09:00:00Z' };
const floatVar = (value: number) => ({ type: 'float' as const, value });
const topicTask = (name: string, warn: number): KapacitorTask => ({
  name,
  script: TOPIC_TASK_SCRIPT,
  status: 'enabled',
  vars: { warn: floatVar(warn), crit: floatVar(90) },
  record: { dbrps: [{ db: 'telegraf', rp: 'autogen' }], ...TASK_RECORD_TIMES },
});

/** Usage per 10 s step for four hosts (spread over the partitions by ingest's key), flapping across the levels. */
function pointsOfHosts(): Point[] {
  const usage: Record<string, number[]> = {
    a: [10, 70, 95, 99, 20, 10, 10, 80, 85, 10, 5, 95],
    b: [95, 96, 97, 10, 10, 10, 70, 70, 70, 99, 99, 1],
    c: [50, 61, 62, 63, 64, 10, 91, 92, 93, 10, 10, 10],
    d: [1, 2, 3, 99, 99, 99, 99, 1, 1, 1, 70, 70],
  };
  const points: Point[] = [];
  for (let step = 0; step < 12; step++) {
    for (const [index, host] of ['a', 'b', 'c', 'd'].entries()) {
      // Distinct times (a host's offset within the step) make the time order one order.
      const time = T0 + BigInt(step) * 10n * SECOND + BigInt(index) * 1_000_000n;
      points.push({ database: 'telegraf', retentionPolicy: 'autogen', name: 'cpu', tags: { host }, fields: { usage: (usage[host] as number[])[step] as number }, time });
    }
  }
  return points;
}

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function capture(run: (io: CommandIo) => number | Promise<number>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
  const code = await run(io);
  return { code, stdout, stderr };
}

/** Host b at 99 after the range, written in the middle of it (a producer whose clock runs ahead). */
const AHEAD_POINT: Point = { database: 'telegraf', retentionPolicy: 'autogen', name: 'cpu', tags: { host: 'b' }, fields: { usage: 99 }, time: T0 + 95n * SECOND };

const iso = (ns: bigint): string => new Date(Number(ns / 1_000_000n)).toISOString();

/**
 * `vigil replay --from-topic` against the real shared Kafka: points written to a fresh topic by
 * ingest's own encoder (line-protocol records per partition) and, for one host, one Avro record
 * a point, each record stamped with its points' time as ingest's would be when they arrive live,
 * then replayed for a range and compared with `vigil replay` of the same points from a file.
 */
describe('vigil replay --from-topic against real Kafka', () => {
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'topic-replay-int-spec', logger });
  const topic = uniqueName('vigil-test-points');
  const tasksTopic = uniqueName('vigil-test-tasks');
  const folder = mkdtempSync(join(tmpdir(), 'vigil-topic-replay-'));
  const tick = join(folder, 'cpu.tick');
  const env = { KAFKA_BROKERS: kafkaBrokers().join(','), SCHEMA_REGISTRY_URL: schemaRegistryUrl() };
  const points = pointsOfHosts();

  beforeAll(async () => {
    writeFileSync(tick, TICK);
    // The records are stamped in 2024: without retention.ms -1 the broker's retention check (every
    // 5 minutes, 24 h retention) may delete them in the middle of the spec.
    await ensureTopics(kafka, [{ topic, partitions: PARTITIONS, replicationFactor: 1, configEntries: { 'retention.ms': '-1' } }]);
    const codec = await createPointCodec({ registryUrl: schemaRegistryUrl(), topic });
    const keys = parsePartitionKeys('*=host');
    const encoder = new LineBatchEncoder(keys, codec, PARTITIONS);
    const producer = new AckedProducer(kafka, logger);
    await producer.connect();
    try {
      // One request per 10 s step, as a collector flushing every interval sends them; host d's
      // points come from an older producer that wrote one point a record in the topic's codec
      // (Avro through the registry), which the topic contract allows beside line records.
      for (let step = 0; step < points.length / 4; step++) {
        const request = points.slice(step * 4, step * 4 + 4);
        const stampMs = Number((request[0] as Point).time / 1_000_000n);
        const lines = await encoder.encode(request.filter((point) => point.tags['host'] !== 'd'));
        const single = await Promise.all(request.filter((point) => point.tags['host'] === 'd').map(async (point) => ({ key: partitionKeyFor(point, keys), value: await codec.encode(point), headers: {} })));
        await producer.send(topic, [...lines, ...single].map((record) => ({ ...record, timestampMs: stampMs })));
        // In the middle of the range, a record whose point's own time is after it: left out by that time.
        if (step === 5) await producer.send(topic, (await encoder.encode([AHEAD_POINT])).map((record) => ({ ...record, timestampMs: stampMs })));
      }
    } finally {
      await producer.disconnect();
    }
    // The tasks topic as ingest's task API leaves it: a compacted topic of task records, an update
    // superseding an earlier record of the same task, and a deleted task's tombstone.
    await ensureTopics(kafka, [{ topic: tasksTopic, partitions: 2, replicationFactor: 1, configEntries: { 'cleanup.policy': 'compact' } }]);
    const writer = new CompactedTopicWriter(kafka, logger);
    await writer.connect();
    try {
      await writer.put(tasksTopic, 'cpu_topic', encodeTaskRecord(topicTask('cpu_topic', 0)));
      await writer.put(tasksTopic, 'gone', encodeTaskRecord(topicTask('gone', 60)));
      await writer.put(tasksTopic, 'cpu_topic', encodeTaskRecord(topicTask('cpu_topic', 60)));
      await writer.put(tasksTopic, 'gone', null);
    } finally {
      await writer.disconnect();
    }
  }, 60_000);

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, tasksTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('prints the events vigil replay prints for the same points, leaving out those outside the range', async () => {
    // [T0 + 20 s, T0 + 90 s): steps 2 to 8.
    const start = T0 + 20n * SECOND;
    const stop = T0 + 90n * SECOND;
    const fromTopic = await capture((io) => runTopicReplay({ positionals: [], options: new Map([['from-topic', topic], ['tick', tick], ['start', iso(start)], ['stop', iso(stop)]]) }, io, env));
    expect(fromTopic.stderr).toBe('');
    expect(fromTopic.code).toBe(0);

    const inRange = points
      .filter((point) => point.time >= start && point.time < stop)
      .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    expect(inRange).toHaveLength(7 * 4);
    const data = join(folder, 'points.lp');
    writeFileSync(data, inRange.map((point) => formatPoint(point)).join('\n') + '\n');
    const fromFile = await capture((io) => main(['replay', '--tick', tick, '--data', data], io));
    expect(fromFile.code).toBe(0);

    const eventsOf = (stdout: string): unknown[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(eventsOf(fromTopic.stdout)).toEqual(eventsOf(fromFile.stdout));
    // Every host alerts in the range, and nothing of before the range: host b's CRITICAL of the first 30 s is not there.
    const events = eventsOf(fromTopic.stdout) as { id: string; level: string; time: string }[];
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(new Set(events.map((event) => event.id))).toEqual(new Set(['cpu:host=a', 'cpu:host=b', 'cpu:host=c', 'cpu:host=d']));
    expect(events.every((event) => Date.parse(event.time) >= Number(start / 1_000_000n) && Date.parse(event.time) < Number(stop / 1_000_000n))).toBe(true);
  }, 60_000);

  it('replays a task of the tasks topic (--task) with its last script, vars and dbrps, printing what --tick prints', async () => {
    const range: [string, string][] = [['from-topic', topic], ['start', iso(T0 + 20n * SECOND)], ['stop', iso(T0 + 90n * SECOND)]];
    const fromTask = await capture((io) => runTopicReplay({ positionals: [], options: new Map([...range, ['task', 'cpu_topic'], ['tasks-topic', tasksTopic]]) }, io, env));
    expect(fromTask.stderr).toBe('');
    expect(fromTask.code).toBe(0);
    const fromTick = await capture((io) => runTopicReplay({ positionals: [], options: new Map([...range, ['tick', tick], ['task-name', 'cpu_topic']]) }, io, env));
    expect(fromTick.code).toBe(0);
    const events = fromTask.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; level: string });
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(fromTask.stdout).toBe(fromTick.stdout);
    // TASKS_TOPIC is the default of --tasks-topic.
    const fromEnv = await capture((io) => runTopicReplay({ positionals: [], options: new Map([...range, ['task', 'cpu_topic']]) }, io, { ...env, TASKS_TOPIC: tasksTopic }));
    expect(fromEnv.stdout).toBe(fromTask.stdout);
  }, 60_000);

  it('refuses a deleted task, a task the topic never held and --task with --tick, naming them', async () => {
    const range = ['--from-topic', topic, '--tasks-topic', tasksTopic, '--brokers', env.KAFKA_BROKERS, '--start', iso(T0), '--stop', iso(T0 + SECOND)];
    const deleted = await capture((io) => main(['replay', '--task', 'gone', ...range], io));
    expect(deleted.stderr).toContain(`task gone was deleted (a tombstone at ${tasksTopic} `);
    expect(deleted.code).toBe(1);
    const unknown = await capture((io) => main(['replay', '--task', 'nope', ...range], io));
    expect(unknown.stderr).toContain(`no task named nope on the tasks topic ${tasksTopic}`);
    expect(unknown.code).toBe(1);
    const both = await capture((io) => main(['replay', '--task', 'cpu_topic', '--tick', tick, ...range], io));
    expect(both.stderr).toContain('one of --tick FILE or --task NAME');
    expect(both.code).toBe(1);
    expect(deleted.stdout + unknown.stdout + both.stdout).toBe('');
  }, 60_000);

  it('holds both encodings the decoder reads: line-protocol records and one-point codec records', async () => {
    const records = await readTopicSnapshot(kafka, topic, { groupId: uniqueName('topic-replay-int-reader'), logger });
    const firstBytes = new Set(records.map((record) => record.value?.[0]));
    expect(firstBytes).toEqual(new Set([0x63, schemaRegistryUrl() === undefined ? 0x7b : 0]));
  });

  it('reads, on every partition, exactly the records stamped in the range', async () => {
    const all = await readTopicSnapshot(kafka, topic, { groupId: uniqueName('topic-replay-int-reader'), logger });
    const [startMs, stopMs] = [Number((T0 + 20n * SECOND) / 1_000_000n), Number((T0 + 90n * SECOND) / 1_000_000n)];
    const ranged = await readTopicTimeRange(kafka, topic, startMs, stopMs, { groupId: uniqueName('topic-replay-int-range'), logger });
    const expected = all.filter((record) => record.timestampMs >= startMs && record.timestampMs < stopMs);
    expect(new Set(expected.map((record) => record.partition)).size).toBe(PARTITIONS);
    expect(ranged.map((record) => `${record.partition}/${record.offset}`)).toEqual(expected.map((record) => `${record.partition}/${record.offset}`));
  });

  it('answers --help with the topic options and exit 0', async () => {
    const help = await capture((io) => main(['replay', '--help'], io));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--from-topic');
    expect(help.stdout).toContain('--brokers');
    expect(help.stdout).toContain('--tasks-topic');
  });

  it('names a topic that does not exist', async () => {
    const missing = uniqueName('vigil-test-missing');
    const result = await capture((io) => main(['replay', '--tick', tick, '--from-topic', missing, '--start', iso(T0), '--stop', iso(T0 + SECOND)], io));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`points topic ${missing} does not exist`);
  });
});
