import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeAlertEvent } from '@vigil/core';
import {
  defineTasks,
  EVENT_HEADERS,
  InMemoryCheckpointStore,
  MessageDecoder,
  readEventRecord,
  replayEvents,
  SERIES_PARTITION_KEYS,
  taskField,
  type GroupPolicy,
  type StateRebuild,
  type StepReport,
  type TaskSource,
} from '@vigil/evaluation';
import { parseLines } from '@vigil/line-protocol';
import { createLogger } from '@vigil/observability';
import { pointRecordsOf } from '../points/point-records';
import type { LogRecord } from '../storage/record-log/log-record';
import { CheckpointWitness } from '../storage/checkpoint/checkpoint-witness';
import { useTempFolder } from '../storage/files/temp-folder.test';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import type { TailedLog } from '../tailing/tailed-log';
import { HandoverPointLog } from '../points/handover-point-log';
import { EvaluationLoop } from './evaluation-loop';
import { EventLogSink } from './event-log.sink';
import { standaloneTasks } from './standalone-tasks';

const golden = join(__dirname, '../../../tick-engine/test/golden/seed-provider-health');
const script = readFileSync(join(golden, 'task.tick'), 'utf8');
const points = parseLines(readFileSync(join(golden, 'input.lp'), 'utf8'), { database: 'vigil', retentionPolicy: 'autogen', precision: 'n', defaultTime: 0n }).points;
const oracle = replayEvents(defineTasks([{ name: 'provider_health', script }], SERIES_PARTITION_KEYS)[0]!, points).map((event) => encodeAlertEvent(event));
const logger = createLogger({ service: 'test', level: 'silent' });

const seedTask: TaskSource[] = [{ name: 'provider_health', script }];

const folder = useTempFolder('evaluation-loop');

interface LoopExtras {
  readonly groups?: GroupPolicy;
  readonly lost?: StateRebuild[];
  readonly steps?: StepReport[];
  readonly stepIntervalMs?: number;
  readonly tickIntervalMs?: number;
  readonly nowMs?: () => number;
}

function loopOver(pointLog: TailedLog, eventLog: InMemoryLog, store: InMemoryCheckpointStore, batchRecords = 2, tasks = seedTask, extras: LoopExtras = {}): EvaluationLoop {
  return new EvaluationLoop({
    witness: new CheckpointWitness(join(folder(), 'evaluated-position.json')),
    ...(extras.groups === undefined ? {} : { groups: extras.groups }),
    onStateLost: (rebuild) => extras.lost?.push(rebuild),
    onStep: (report) => extras.steps?.push(report),
    ...(extras.stepIntervalMs === undefined ? {} : { stepIntervalMs: extras.stepIntervalMs }),
    points: pointLog,
    pointsTopic: 'vigil.points',
    alertsTopic: 'vigil.alerts',
    tasks: standaloneTasks(tasks),
    store,
    sink: new EventLogSink(eventLog, 'vigil.alerts'),
    decoder: new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen' }),
    batchRecords,
    batchBytes: 1024 * 1024,
    tickIntervalMs: extras.tickIntervalMs ?? 3_600_000,
    retryDelayMs: 1,
    nowMs: extras.nowMs ?? (() => 0),
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

  it('takes the points the write endpoint handed over in memory without parsing the log, and reads the log after a restart', async () => {
    // The log's copy of each record is garbled: only points taken from memory give the oracle's events.
    const file = new InMemoryLog();
    const garbled = {
      start: () => file.start(),
      end: () => file.end(),
      read: (from: bigint, max: number) => file.read(from, max),
      waitForAppend: (after: bigint, signal?: AbortSignal) => file.waitForAppend(after, signal),
      append: (records: readonly LogRecord[]) => file.append(records.map((record) => ({ ...record, value: 'not a point' }))),
    };
    const handover = new HandoverPointLog(garbled, 1024 * 1024);
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const loop = loopOver(handover, eventLog, store);
    await loop.start();
    for (const point of points) await handover.append(pointRecordsOf([point]));
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(points.length)));
    await loop.stop();
    expect(values(eventLog)).toEqual(oracle);

    // After a restart nothing is in memory: two more records come from the log, garbled, and are skipped as not points.
    await garbled.append(pointRecordsOf(points.slice(0, 2)));
    const steps: StepReport[] = [];
    const restarted = loopOver(new HandoverPointLog(garbled, 1024 * 1024), eventLog, store, 2, seedTask, { steps });
    await restarted.start();
    await vi.waitFor(() => expect(restarted.checkpointOffset()).toBe(BigInt(points.length + 1)));
    await restarted.stop();
    expect(steps.reduce((sum, report) => sum + report.step.undecodable, 0)).toBe(1);
    expect(values(eventLog)).toEqual(oracle);
  });

  it('lets a trickle of writes share a step within stepIntervalMs, and takes a whole batch at once', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const steps: StepReport[] = [];
    const trickle = loopOver(pointLog, eventLog, store, 100, seedTask, { steps, stepIntervalMs: 2_000 });
    await trickle.start();
    await writeEach(pointLog, 0, 1);
    await vi.waitFor(() => expect(trickle.checkpointOffset()).toBe(1n));
    // Written one request at a time while the first step's interval runs: one more step takes them all.
    await writeEach(pointLog, 1, 4);
    await vi.waitFor(() => expect(trickle.checkpointOffset()).toBe(4n), { timeout: 10_000 });
    await trickle.stop();
    expect(steps.map((report) => report.step.offset)).toEqual([1n, 4n]);

    // Whole batches (two records here) do not wait for the interval, however long.
    await writeEach(pointLog, 4, points.length);
    const batches = loopOver(pointLog, eventLog, store, 2, seedTask, { stepIntervalMs: 3_600_000 });
    await batches.start();
    await vi.waitFor(() => expect(batches.checkpointOffset()).toBe(BigInt(points.length)));
    await batches.stop();
    expect(values(eventLog)).toEqual(oracle);
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

  it('rebuilds a lost state database from the point log without writing its events again', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const first = loopOver(pointLog, eventLog, new InMemoryCheckpointStore());
    await first.start();
    await writeEach(pointLog, 0, 6);
    await vi.waitFor(() => expect(first.checkpointOffset()).toBe(6n));
    await first.stop();
    const written = eventLog.all().length;

    // The state database is deleted; the witness beside it says it held offset 6.
    const lost: StateRebuild[] = [];
    const second = loopOver(pointLog, eventLog, new InMemoryCheckpointStore(), 2, seedTask, { lost });
    await second.start();
    expect(lost.map(({ reason, held, from, quietUntil, coverage }) => ({ reason, held, from, quietUntil, coverage }))).toEqual([{ reason: 'missing', held: 6n, from: 0n, quietUntil: 6n, coverage: 'complete' }]);
    expect(second.position()).toBe(0n);
    await vi.waitFor(() => expect(second.checkpointOffset()).toBe(6n));
    expect(eventLog.all().length).toBe(written);
    await writeEach(pointLog, 6, points.length);
    await vi.waitFor(() => expect(second.checkpointOffset()).toBe(BigInt(points.length)));
    await second.stop();
    // The rebuilt state alerts as an uninterrupted run: the log equals the replay, each event once.
    expect(values(eventLog)).toEqual(oracle);
  });

  it('starts a rebuild from a tick when the state is found lost and no point follows, so deadman fires again', async () => {
    const deadman: TaskSource[] = [{ name: 'quiet', script: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|deadman(1.0, 10s).post('http://x')` }];
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const steps: StepReport[] = [];
    let clockMs = 0;
    const loop = loopOver(pointLog, eventLog, store, 10, deadman, { steps, tickIntervalMs: 1, nowMs: () => clockMs });
    await loop.start();
    const quietPoints = parseLines('cpu,host=a v=1 1000000000\ncpu,host=a v=1 2000000000', { database: 'vigil', retentionPolicy: 'autogen', precision: 'n', defaultTime: 0n }).points;
    await pointLog.append(pointRecordsOf(quietPoints));
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(pointLog.all().length)));
    /** Moves the clock and waits for two ticks at the new time to report. */
    const advance = async (ms: number): Promise<void> => {
      clockMs = ms;
      const seen = steps.length;
      await vi.waitFor(() => expect(steps.length).toBeGreaterThan(seen + 1));
    };
    // The stats interval starts at the first tick; every quiet interval after it fires.
    await advance(10_000);
    await advance(20_000);
    await advance(30_000);
    const fired = eventLog.all().length;
    expect(fired).toBeGreaterThan(0);
    // The state database forgets: the firing tick's save is refused (its event was written), the
    // next tick rewinds the state to the first record and moves the reader back to it.
    store.forget({ topic: 'vigil.points', partition: 0 });
    clockMs = 40_000;
    await vi.waitFor(() => expect(steps.some((step) => step.rebuilt !== undefined)).toBe(true));
    expect(eventLog.all()).toHaveLength(fired + 1);
    // The rebuilt deadman starts its interval anew, as at a first start, and fires again.
    await advance(40_000);
    await advance(50_000);
    clockMs = 60_000;
    await vi.waitFor(() => expect(eventLog.all()).toHaveLength(fired + 2));
    await loop.stop();
  });

  it('continues an older checkpoint when the state database was restored from an older backup', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    // Written before the start: steps of two records, checkpoints at 2, 4, 6 and 8.
    await writeEach(pointLog, 0, 8);
    const first = loopOver(pointLog, eventLog, store);
    await first.start();
    await vi.waitFor(() => expect(first.checkpointOffset()).toBe(8n));
    await first.stop();
    const partition = { topic: 'vigil.points', partition: 0 };
    const older = store.saves.find((save) => save.offset === '4');
    expect(older).toBeDefined();
    store.rollBack(partition, older!);

    const lost: StateRebuild[] = [];
    const second = loopOver(pointLog, eventLog, store, 2, seedTask, { lost });
    await second.start();
    expect(lost.map(({ reason, held, found, from, coverage }) => ({ reason, held, found, from, coverage }))).toEqual([{ reason: 'behind', held: 8n, found: 4n, from: 4n, coverage: 'complete' }]);
    await writeEach(pointLog, 8, points.length);
    await vi.waitFor(() => expect(second.checkpointOffset()).toBe(BigInt(points.length)));
    await second.stop();
    expect(values(eventLog)).toEqual(oracle);
  });

  it('says nothing was lost when the store holds what the witness says', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const store = new InMemoryCheckpointStore();
    const lost: StateRebuild[] = [];
    const first = loopOver(pointLog, eventLog, store, 2, seedTask, { lost });
    await first.start();
    await writeEach(pointLog, 0, 4);
    await vi.waitFor(() => expect(first.checkpointOffset()).toBe(4n));
    await first.stop();
    const second = loopOver(pointLog, eventLog, store, 2, seedTask, { lost });
    await second.start();
    await second.stop();
    expect(lost).toEqual([]);
    expect(second.position()).toBe(4n);
  });

  it('evicts idle groups after their save and reads them back with their exact state', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const steps: StepReport[] = [];
    const loop = loopOver(pointLog, eventLog, new InMemoryCheckpointStore(), 1, seedTask, { groups: { idleBatches: 1 }, steps });
    await loop.start();
    await writeEach(pointLog, 0, points.length);
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(points.length)));
    await loop.stop();
    const moved = (key: 'loaded' | 'evicted') => steps.reduce((sum, step) => sum + (step.groups?.[key] ?? 0), 0);
    expect(moved('evicted')).toBeGreaterThan(0);
    expect(moved('loaded')).toBeGreaterThan(0);
    expect(values(eventLog)).toEqual(oracle);
  });

  it('refuses the points of new groups past the group limit and keeps alerting for the others', async () => {
    const pointLog = new InMemoryLog();
    const eventLog = new InMemoryLog();
    const steps: StepReport[] = [];
    const loop = loopOver(pointLog, eventLog, new InMemoryCheckpointStore(), 2, seedTask, { groups: { maxGroups: 1 }, steps });
    await loop.start();
    await writeEach(pointLog, 0, points.length);
    await vi.waitFor(() => expect(loop.checkpointOffset()).toBe(BigInt(points.length)));
    await loop.stop();
    const firstGroup = points.filter((point) => JSON.stringify(point.tags) === JSON.stringify(points[0]!.tags));
    const refused = steps.reduce((sum, step) => sum + (step.step.refusedByTask.get('provider_health') ?? 0), 0);
    expect(refused).toBe(points.length - firstGroup.length);
    const expected = replayEvents(defineTasks(seedTask, SERIES_PARTITION_KEYS)[0]!, firstGroup).map((event) => encodeAlertEvent(event));
    expect(values(eventLog)).toEqual(expected);
  });
});
