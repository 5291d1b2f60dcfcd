import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeAlertEvent } from '@vigil/core';
import { defineTasks, EVENT_HEADERS, InMemoryCheckpointStore, MessageDecoder, readEventRecord, replayEvents, SERIES_PARTITION_KEYS, taskField, type TaskSource } from '@vigil/evaluation';
import { parseLines } from '@vigil/line-protocol';
import { createLogger } from '@vigil/observability';
import { pointRecordsOf } from '../points/point-records';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { EvaluationLoop } from './evaluation-loop';
import { EventLogSink } from './event-log.sink';
import { standaloneTasks } from './standalone-tasks';

const golden = join(__dirname, '../../../tick-engine/test/golden/seed-provider-health');
const script = readFileSync(join(golden, 'task.tick'), 'utf8');
const points = parseLines(readFileSync(join(golden, 'input.lp'), 'utf8'), { database: 'vigil', retentionPolicy: 'autogen', precision: 'n', defaultTime: 0n }).points;
const oracle = replayEvents(defineTasks([{ name: 'provider_health', script }], SERIES_PARTITION_KEYS)[0]!, points).map((event) => encodeAlertEvent(event));
const logger = createLogger({ service: 'test', level: 'silent' });

const seedTask: TaskSource[] = [{ name: 'provider_health', script }];

function loopOver(pointLog: InMemoryLog, eventLog: InMemoryLog, store: InMemoryCheckpointStore, batchRecords = 2, tasks = seedTask): EvaluationLoop {
  return new EvaluationLoop({
    points: pointLog,
    pointsTopic: 'vigil.points',
    alertsTopic: 'vigil.alerts',
    tasks: standaloneTasks(tasks),
    store,
    sink: new EventLogSink(eventLog, 'vigil.alerts'),
    decoder: new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen' }),
    batchRecords,
    batchBytes: 1024 * 1024,
    tickIntervalMs: 3_600_000,
    retryDelayMs: 1,
    nowMs: () => 0,
    logger,
  });
}

/** One point-log record per point, as separate write requests would make them. */
async function writeEach(log: InMemoryLog, from: number, to: number): Promise<void> {
  for (const point of points.slice(from, to)) await log.append(pointRecordsOf([point]));
}

const values = (log: InMemoryLog): string[] => log.all().map((record) => record.value);

describe('EvaluationLoop', () => {
  it('evaluates the point log into the event log as one uninterrupted replay would', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const loop = loopOver(pointLog, eventLog, store);
    await loop.start();
    await writeEach(pointLog, 0, points.length);
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(points.length)));
    await loop.stop();
    expect(values(eventLog)).toEqual(oracle);
    const first = eventLog.all()[0]!;
    expect(readEventRecord(first.value, first.headers).task).toBe('provider_health');
    expect((await store.load({ topic: 'vigil.points', partition: 0 }))?.offset).toBe(String(points.length));
  });

  it('resumes from the checkpoint after a restart without repeating or losing events', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const first = loopOver(pointLog, eventLog, store);
    await first.start();
    await writeEach(pointLog, 0, 4);
    await vi.waitFor(() => expect(first.checkpointOffset()).toBe(4n));
    await first.stop();

    await writeEach(pointLog, 4, points.length);
    const second = loopOver(pointLog, eventLog, store);
    await second.start();
    expect(second.position()).toBe(4n);
    await vi.waitFor(() => expect(second.checkpointOffset()).toBe(BigInt(points.length)));
    await second.stop();
    expect(values(eventLog)).toEqual(oracle);
  });

  it('evaluates a batch again from the checkpoint when its events could not be written', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    await writeEach(pointLog, 0, points.length);
    eventLog.failNext = new Error('disk full');
    const loop = loopOver(pointLog, eventLog, store, 3);
    await loop.start();
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(points.length)));
    await loop.stop();
    // The failed batch wrote nothing, so the log holds each event once, with the replay's ids.
    expect(values(eventLog)).toEqual(oracle);
    expect(new Set(eventLog.all().map((record) => record.headers[EVENT_HEADERS.eventId])).size).toBe(oracle.length);
  });

  it('continues after points that retention deleted before they were evaluated, and says so', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    await writeEach(pointLog, 0, points.length);
    await pointLog.truncateBefore(2n);
    const loop = loopOver(pointLog, eventLog, store);
    await loop.start();
    expect(loop.position()).toBe(2n);
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(points.length)));
    await loop.stop();
    const expected = replayEvents(defineTasks([{ name: 'provider_health', script }], SERIES_PARTITION_KEYS)[0]!, points.slice(2)).map((event) => encodeAlertEvent(event));
    expect(values(eventLog)).toEqual(expected);
  });

  it('drops the saved state of a task that no longer runs, so it starts empty when it runs again', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const partition = { topic: 'vigil.points', partition: 0 };
    const running = loopOver(pointLog, eventLog, store);
    await running.start();
    await writeEach(pointLog, 0, 4);
    await vi.waitFor(() => expect(running.checkpointOffset()).toBe(4n));
    await running.stop();
    expect((await store.load(partition))?.fields[taskField('provider_health')]).toBeDefined();

    // Disabled: a loop without the task starts and stops without evaluating anything.
    const without = loopOver(pointLog, eventLog, store, 2, []);
    await without.start();
    await without.stop();
    const pruned = await store.load(partition);
    expect(pruned?.offset).toBe('4');
    expect(pruned?.fields[taskField('provider_health')]).toBeUndefined();

    // Enabled again: the task starts empty with the next points.
    await writeEach(pointLog, 4, points.length);
    const again = loopOver(pointLog, eventLog, store);
    await again.start();
    await vi.waitFor(() => expect(again.checkpointOffset()).toBe(BigInt(points.length)));
    await again.stop();
    const fresh = replayEvents(defineTasks(seedTask, SERIES_PARTITION_KEYS)[0]!, points.slice(4)).map((event) => encodeAlertEvent(event));
    expect(values(eventLog).slice(-fresh.length)).toEqual(fresh);
  });
});
