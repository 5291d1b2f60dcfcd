import { encodeAlertEvent } from '@vigil/core';
import { InMemoryCheckpointStore, type CheckpointStore } from '../checkpoint/checkpoint-store';
import type { StateRebuild } from '../checkpoint/state-loss';
import { MessageDecoder, type InputMessage } from '../decode/message-decoder';
import { defineTasks } from '../tasks/task-definition';
import { EVENT_HEADERS, readEventRecord } from '@vigil/topic-contract';
import { replayEvents } from '../oracle/replay-oracle';
import { PartitionRuntime } from '../runtime/partition-runtime';
import { lineRecords, providerPoints, SEED_KEYS, seedTasks } from '../testing/fixtures.test';
import { CheckpointFencedError, PartitionWorker, type PartitionWorkerPorts, type StepReport } from './partition-worker';
import { InMemoryRecordSink } from './record-sink';

const partition = { topic: 'points', partition: 0 };
const points = providerPoints(300, 2, 3, 5);
const records = lineRecords(points, 1);

function ports(store: CheckpointStore, sink: InMemoryRecordSink): PartitionWorkerPorts {
  return {
    store,
    sink,
    decoder: new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' }),
    alertsTopic: 'alerts',
    createRuntime: () => new PartitionRuntime({ ...partition, tasks: seedTasks(), now: () => 0n, log: () => undefined }),
  };
}

/** The event ids the sink received, each once, in the order first written. */
function uniqueIds(sink: InMemoryRecordSink): string[] {
  return [...new Set(sink.on('alerts').map((record) => record.headers[EVENT_HEADERS.eventId] as string))];
}

/** The seed task run straight through the records, for comparison. */
async function straightRun(upTo: number): Promise<InMemoryRecordSink> {
  const sink = new InMemoryRecordSink();
  const { worker } = await PartitionWorker.open(partition, ports(new InMemoryCheckpointStore(), sink), undefined);
  report(await worker.processBatch(records.slice(0, upTo)));
  return sink;
}

/** Makes the store's next save fail after `lose` ran, as a Redis restarting under the save does. */
function loseUnderNextSave(store: InMemoryCheckpointStore, lose: () => Promise<void> | void): void {
  const save = store.save.bind(store);
  store.save = async () => {
    store.save = save;
    await lose();
    throw new Error('connection lost');
  };
}

function report(outcome: StepReport | { seek: bigint }): StepReport {
  if ('seek' in outcome) throw new Error(`unexpected seek to ${outcome.seek}`);
  return outcome;
}

describe('PartitionWorker', () => {
  it('writes the events, then saves the state with the next offset', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const order: string[] = [];
    const sinkSend = sink.send.bind(sink);
    sink.send = async (batch) => {
      order.push(`send ${batch.length}`);
      await sinkSend(batch);
    };
    const storeSave = store.save.bind(store);
    store.save = async (target, offset, fields) => {
      order.push(`save ${offset}`);
      return storeSave(target, offset, fields);
    };
    const { worker, plan } = await PartitionWorker.open(partition, ports(store, sink), undefined);
    expect(plan).toEqual({ kind: 'fresh' });
    const step = report(await worker.processBatch(records));
    expect(step.checkpointSaved).toBe(true);
    expect(order).toEqual([`send ${step.step.events.length}`, 'save 300']);
    const received = sink.on('alerts').map((record) => readEventRecord(record.value, record.headers));
    expect(received.map((event) => event.json)).toEqual(replayEvents(seedTasks()[0]!, points).map((event) => encodeAlertEvent(event)));
    expect(received[0]).toMatchObject({ task: 'provider_health', node: 'alert3', handlers: [{ kind: 'post', args: ['http://localhost:9000/alerts'], options: [] }] });
    expect(sink.records[0]!.key).toBe(received[0]!.alert.id);
    expect(sink.records[0]!.headers[EVENT_HEADERS.eventId]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('saves nothing when the events could not be written, and redoes the batch from the saved state', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const { worker } = await PartitionWorker.open(partition, ports(store, sink), undefined);
    report(await worker.processBatch(records.slice(0, 100)));
    sink.failNext = new Error('broker down');
    await expect(worker.processBatch(records.slice(100))).rejects.toThrow('broker down');
    expect(store.saves.map((save) => save.offset)).toEqual(['100']);
    report(await worker.processBatch(records.slice(100)));
    const ids = sink.on('alerts').map((record) => record.headers[EVENT_HEADERS.eventId]);
    const straight = new InMemoryRecordSink();
    const { worker: reference } = await PartitionWorker.open(partition, ports(new InMemoryCheckpointStore(), straight), undefined);
    report(await reference.processBatch(records));
    expect(ids).toEqual(straight.on('alerts').map((record) => record.headers[EVENT_HEADERS.eventId]));
  });

  it('refuses to commit when a newer owner saved a later offset', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const { worker: old } = await PartitionWorker.open(partition, ports(store, sink), undefined);
    const { worker: successor } = await PartitionWorker.open(partition, ports(store, sink), undefined);
    report(await successor.processBatch(records.slice(0, 200)));
    await expect(old.processBatch(records.slice(0, 100))).rejects.toBeInstanceOf(CheckpointFencedError);
  });

  it('asks for a seek when the batch starts after the offset its state ends at', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const first = await PartitionWorker.open(partition, ports(store, sink), undefined);
    report(await first.worker.processBatch(records.slice(0, 50)));
    const { worker, plan } = await PartitionWorker.open(partition, ports(store, sink), 120n);
    expect(plan).toEqual({ kind: 'rewind-stale', offset: 50n, committed: 120n });
    expect(await worker.processBatch(records.slice(120, 150))).toEqual({ seek: 50n });
    expect(await worker.processBatch(records.slice(120, 150), 100n)).toEqual({ seek: 50n });
    // Records Kafka has deleted cannot be read again: past the log start the gap is accepted.
    expect(report(await worker.processBatch(records.slice(120, 150), 120n)).step.offset).toBe(150n);
  });

  it('plans from the checkpoint and the committed offset', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const { worker } = await PartitionWorker.open(partition, ports(store, sink), undefined);
    report(await worker.processBatch(records.slice(0, 80)));
    const plans = await Promise.all([undefined, 80n, 60n, 90n].map(async (committed) => (await PartitionWorker.open(partition, ports(store, sink), committed)).plan));
    expect(plans).toEqual([
      { kind: 'resume', offset: 80n },
      { kind: 'resume', offset: 80n },
      { kind: 'resume-ahead', offset: 80n, committed: 60n },
      { kind: 'rewind-stale', offset: 80n, committed: 90n },
    ]);
    store.forget(partition);
    expect((await PartitionWorker.open(partition, ports(store, sink), 80n)).plan).toEqual({ kind: 'rewind-missing', committed: 80n });
  });

  it('runs ticks between batches, one step at a time', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const { worker } = await PartitionWorker.open(partition, ports(store, sink), undefined);
    expect(await worker.tick(1n)).toBeUndefined();
    const [batch, tick] = await Promise.all([worker.processBatch(records.slice(0, 10)), worker.tick(2n)]);
    expect(report(batch).step.offset).toBe(10n);
    // The seed task has no wall-clock node, so a tick changes nothing and saves nothing.
    expect(tick).toMatchObject({ checkpointSaved: false });
    expect(store.saves).toHaveLength(1);
  });
});

describe('PartitionWorker when the store lost state it held', () => {
  it('rebuilds from the oldest record after a save failed and the store came back empty, writing no event twice', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const rebuilds: StateRebuild[] = [];
    const { worker } = await PartitionWorker.open(partition, { ...ports(store, sink), logStart: async () => 0n, stateLost: (rebuild) => rebuilds.push(rebuild) }, undefined);
    const first = report(await worker.processBatch(records.slice(0, 100)));
    loseUnderNextSave(store, () => store.forget(partition));
    await expect(worker.processBatch(records.slice(100, 200))).rejects.toThrow('connection lost');
    // The consumer reads again from the committed offset; the state is gone, so the worker asks
    // for the oldest record instead of evaluating 100.. with empty state.
    expect(await worker.processBatch(records.slice(100, 200))).toEqual({ seek: 0n });
    expect(rebuilds).toEqual([{ partition, reason: 'missing', held: 100n, found: undefined, from: 0n, quietUntil: 100n, logStart: 0n, coverage: 'complete' }]);
    const rebuilt = report(await worker.processBatch(records.slice(0, 300)));
    expect(rebuilt.rebuilt).toEqual({ offset: 300n, quietEvents: first.step.events.length });
    const straight = await straightRun(300);
    expect(uniqueIds(sink)).toEqual(uniqueIds(straight));
    // Records 0..99 were applied twice; the rebuilding step wrote only the events of 100.. again.
    expect(rebuilt.step.events).toHaveLength(straight.on('alerts').length - first.step.events.length);
  });

  it('continues from an older checkpoint the store fell back to, without writing its events again', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const rebuilds: StateRebuild[] = [];
    const { worker } = await PartitionWorker.open(partition, { ...ports(store, sink), logStart: async () => 0n, stateLost: (rebuild) => rebuilds.push(rebuild) }, undefined);
    report(await worker.processBatch(records.slice(0, 100)));
    report(await worker.processBatch(records.slice(100, 200)));
    const older = store.saves[0]!;
    loseUnderNextSave(store, async () => {
      store.rollBack(partition, older);
    });
    await expect(worker.processBatch(records.slice(200, 300))).rejects.toThrow('connection lost');
    const written = sink.on('alerts').length;
    expect(await worker.processBatch(records.slice(200, 300))).toEqual({ seek: 100n });
    expect(rebuilds).toEqual([{ partition, reason: 'behind', held: 200n, found: 100n, from: 100n, quietUntil: 200n, logStart: 0n, coverage: 'complete' }]);
    const rebuilt = report(await worker.processBatch(records.slice(100, 300)));
    expect(rebuilt.rebuilt?.offset).toBe(300n);
    expect(uniqueIds(sink)).toEqual(uniqueIds(await straightRun(300)));
    // Only events of 200.. were written by the rebuilding step.
    expect(sink.on('alerts').length - written).toBe(rebuilt.step.events.length);
  });

  it('at assignment, rebuilds a missing checkpoint from the log start and says that retention cut it short', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const rebuilds: StateRebuild[] = [];
    const { worker, plan } = await PartitionWorker.open(partition, { ...ports(store, sink), logStart: async () => 40n, stateLost: (rebuild) => rebuilds.push(rebuild) }, 100n);
    expect(plan).toEqual({ kind: 'rewind-missing', committed: 100n });
    expect(worker.offset).toBe(40n);
    expect(rebuilds).toEqual([{ partition, reason: 'missing', held: 100n, found: undefined, from: 40n, quietUntil: 100n, logStart: 40n, coverage: 'partial' }]);
    const step = report(await worker.processBatch(records.slice(40, 150)));
    expect(step.rebuilt).toEqual({ offset: 150n, quietEvents: step.step.quietEvents });
    expect(step.step.quietEvents).toBeGreaterThan(0);
    expect(sink.on('alerts').length).toBeGreaterThan(0);
    // Nothing caused by a record below the committed offset is written again.
    const firstWritten = points[100]!.time / 1_000_000n;
    for (const record of sink.on('alerts')) expect(BigInt(Date.parse((JSON.parse(record.value) as { time: string }).time))).toBeGreaterThanOrEqual(firstWritten);
  });

  it('reaches back no more than the rebuild bound', async () => {
    const rebuilds: StateRebuild[] = [];
    const { worker } = await PartitionWorker.open(
      partition,
      { ...ports(new InMemoryCheckpointStore(), new InMemoryRecordSink()), logStart: async () => 0n, rebuildMaxRecords: 30n, stateLost: (rebuild) => rebuilds.push(rebuild) },
      100n,
    );
    expect(worker.offset).toBe(70n);
    expect(rebuilds.map((rebuild) => [rebuild.from, rebuild.coverage])).toEqual([[70n, 'partial']]);
  });

  it('runs no ticks while it rebuilds', async () => {
    const { worker } = await PartitionWorker.open(partition, { ...ports(new InMemoryCheckpointStore(), new InMemoryRecordSink()), logStart: async () => 0n }, 100n);
    expect(await worker.tick(1n)).toBeUndefined();
    report(await worker.processBatch(records.slice(0, 100)));
    expect(await worker.tick(2n)).toMatchObject({ checkpointSaved: false });
  });

  it('drops a retried request after a restart from the checkpoint: its points are in the saved retry window', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const first = await PartitionWorker.open(partition, ports(store, sink), undefined);
    const applied = report(await first.worker.processBatch(records.slice(0, 200)));
    expect(applied.step.retried).toBe(0);
    expect(store.section(partition, 'retry-window').size).toBe(1);
    // A new owner (after a crash or a rebalance) meets the request written again: the lines of
    // records 150 to 199, now in one record as ingest writes a request, and then new points.
    const retry = lineRecords(points.slice(150, 200), 50, 200n);
    const rest = lineRecords(points.slice(200), 1, 201n);
    const second = await PartitionWorker.open(partition, ports(store, sink), 200n);
    const retried = report(await second.worker.processBatch([...retry, ...rest]));
    expect(retried.step.retried).toBe(50);
    expect(retried.step.points).toBe(100);
    // Every point evaluated once: the events are the oracle's, each once.
    const events = sink.on('alerts').map((record) => readEventRecord(record.value, record.headers).json);
    expect(events).toEqual(replayEvents(seedTasks()[0]!, points).map((event) => encodeAlertEvent(event)));
  });
});

describe('PartitionWorker ticks on an idle partition whose store lost its checkpoint', () => {
  const second = 1_000_000_000n;
  const [deadman] = defineTasks([{ name: 'quiet', script: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|deadman(1.0, 10s).post('http://x')` }], SEED_KEYS);
  const log: InputMessage[] = [0, 1, 2, 3, 4].map((i) => ({ offset: String(i), value: Buffer.from(`cpu,host=a v=1 ${i + 1}000000000`), headers: {}, timestampMs: 0 }));

  /**
   * One owner fed as partition-owners feeds it: the consumer reads what the log holds past its
   * position (nothing new arrives after the first batch), a batch's or a tick's seek moves it,
   * and a failed tick is only logged. Resolves with the event ids written, in order, and the seeks ticks asked for.
   */
  async function run(ticks: readonly bigint[], loseBefore: bigint | undefined): Promise<{ ids: string[]; seeks: bigint[] }> {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const workerPorts = { ...ports(store, sink), createRuntime: () => new PartitionRuntime({ ...partition, tasks: [deadman!], now: () => 0n, log: () => undefined }), logStart: async () => 0n };
    const { worker } = await PartitionWorker.open(partition, workerPorts, undefined);
    let position = 0n;
    const seeks: bigint[] = [];
    const read = async (): Promise<void> => {
      if (position >= BigInt(log.length)) return;
      const outcome = await worker.processBatch(log.slice(Number(position)));
      position = 'seek' in outcome ? outcome.seek : BigInt(log.length);
      if ('seek' in outcome) await read();
    };
    await read();
    for (const now of ticks) {
      if (now === loseBefore) store.forget(partition);
      const outcome = await worker.tick(now).catch(() => undefined);
      if (outcome && 'seek' in outcome) seeks.push(outcome.seek);
      if (outcome && 'seek' in outcome) position = outcome.seek;
      await read();
    }
    return { ids: uniqueIds(sink), seeks };
  }

  it('starts the rebuild from a tick, so deadman goes on firing with no new record', async () => {
    const ticks = [10n, 20n, 30n, 40n, 50n, 60n, 70n, 80n, 90n].map((s) => s * second);
    const { ids: straight } = await run(ticks, undefined);
    // The uninterrupted owner fires at 30s and on every tick after: seven events.
    expect(straight).toHaveLength(7);
    // The store forgets before the 30s tick: its save is refused (its event was written), the
    // 40s tick reloads and asks to read again from record 0 (no record arrives to ask for it).
    const lost = await run(ticks, 30n * second);
    // The rebuilt deadman fires again, with the uninterrupted owner's ids. Its clock restarts as
    // at a first start (the stats interval is not in the log): it is quiet at 50s and 60s.
    expect(lost.ids).toEqual([straight[0], ...straight.slice(4)]);
    expect(lost.seeks).toEqual([0n]);
  });
});

describe('PartitionWorker ticks after a change of owner', () => {
  const second = 1_000_000_000n;
  const scripts = {
    // deadman is an aligned stats(10s): reports at 10s boundaries.
    deadman: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|deadman(1.0, 10s).post('http://x')`,
    // An unaligned stats reports one interval after its first tick (3s): at 13s, 23s, ...
    stats: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|stats(10s)|alert().crit(lambda: "emitted" >= 0).post('http://x')`,
  };
  const log: InputMessage[] = [0, 1, 2].map((i) => ({ offset: String(i), value: Buffer.from(`cpu,host=h${i} v=1 ${i + 1}000000000`), headers: {}, timestampMs: 0 }));

  /**
   * Ticks every second from 3s to 62s; at `handOver` (s) the owner stops and a new one opens the
   * partition from the store, as after a rebalance or a restart. Resolves with the events written
   * as [id, level, time in s], each once, in order.
   */
  async function run(script: string, handOver: number | undefined): Promise<[string, string, bigint][]> {
    const [task] = defineTasks([{ name: 'watch', script }], SEED_KEYS);
    const store = new InMemoryCheckpointStore();
    const sink = new InMemoryRecordSink();
    const open = async (): Promise<PartitionWorker> => {
      const workerPorts = { ...ports(store, sink), createRuntime: () => new PartitionRuntime({ ...partition, tasks: [task!], now: () => 0n, log: () => undefined }) };
      return (await PartitionWorker.open(partition, workerPorts, undefined)).worker;
    };
    let worker = await open();
    report(await worker.processBatch(log));
    for (let now = 3; now <= 62; now++) {
      if (now === handOver) worker = await open();
      await worker.tick(BigInt(now) * second);
    }
    const seen = new Set<string>();
    const events: [string, string, bigint][] = [];
    for (const record of sink.on('alerts')) {
      const id = record.headers[EVENT_HEADERS.eventId] as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const { alert } = readEventRecord(record.value, record.headers);
      events.push([id, alert.level, alert.time / second]);
    }
    return events;
  }

  it.each(Object.entries(scripts))('%s: the new owner reports at the times, with the ids, of the owner that never stopped', async (_name, script) => {
    const straight = await run(script, undefined);
    expect(new Set(straight.map(([, , time]) => time))).toEqual(script.includes('deadman') ? new Set([20n, 30n, 40n, 50n, 60n]) : new Set([13n, 23n, 33n, 43n, 53n]));
    // Mid-interval, and on a tick that reports: a stats node that started its interval anew
    // would be quiet at the next report (and an unaligned one would report at other times).
    for (const handOver of [8, 18, 20, 23, 36]) expect(await run(script, handOver)).toEqual(straight);
  });
});
