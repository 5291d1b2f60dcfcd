import { setTimeout as sleep } from 'node:timers/promises';
import { CPU_BATCH_TICK } from '@vigil/core';
import { EVENT_HEADERS, SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { InMemoryCheckpointStore, type CheckpointWrite, type PartitionRef, type SaveOutcome } from '../checkpoint/checkpoint-store';
import { defineTasks } from '../tasks/task-definition';
import type { OutgoingRecord, RecordSink } from '../worker/record-sink';
import { BatchLoop, type BatchLoopLogger } from './batch-loop';
import type { InfluxDBPort, InfluxSeries } from './influxdb-port';

const BATCH_CHECKPOINT: PartitionRef = { topic: 'vigil.batch', partition: 0 };
const silent = () => undefined;
const logger: BatchLoopLogger = { debug: silent, info: silent, warn: silent, error: silent };
const TASKS = defineTasks([{ name: 'cpu_batch', script: CPU_BATCH_TICK }], SERIES_PARTITION_KEYS);

/** Every run's answer is critical (95), so each run gives one event. */
const influxdb: InfluxDBPort = {
  async query(_cluster: string, query: string): Promise<InfluxSeries[]> {
    const stop = /time < '([^']+)'/.exec(query)?.[1] ?? '';
    return [{ name: 'cpu', columns: ['time', 'usage'], values: [[stop, 95]] }];
  },
};

class SinkFake implements RecordSink {
  readonly records: OutgoingRecord[] = [];
  async send(records: readonly OutgoingRecord[]): Promise<void> {
    this.records.push(...records);
  }
  ids(): string[] {
    return this.records.map((record) => record.headers[EVENT_HEADERS.eventId] ?? '');
  }
}

/** A store whose next `failures` saves throw, as a full disk would. */
class FailingStore extends InMemoryCheckpointStore {
  failures = 0;
  override async save(partition: PartitionRef, offset: string, write: CheckpointWrite): Promise<SaveOutcome> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('ENOSPC: no space left on device');
    }
    return super.save(partition, offset, write);
  }
}

/** Polls until the condition holds (the loop runs on timers); @vigil/testing's waitFor would be an import cycle here. */
async function waitFor(condition: () => boolean, options: { timeoutMs: number; what: string }): Promise<void> {
  for (const deadline = Date.now() + options.timeoutMs; !condition(); await sleep(5)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
  }
}

const at = (time: string) => Date.parse(`2024-03-01T${time}Z`);

function loopWith(store: InMemoryCheckpointStore, sink: RecordSink, clock: { ms: number }, tasks = TASKS): BatchLoop {
  return new BatchLoop({ tasks, influxdb, store, checkpoint: BATCH_CHECKPOINT, sink, alertsTopic: 'vigil.alerts', intervalMs: 5, retryDelayMs: 5, nowMs: () => clock.ms, logger });
}

describe('BatchLoop', () => {
  it('makes each due run once across restarts, catching up the runs missed while stopped', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new SinkFake();
    const clock = { ms: at('10:00:10') };
    const first = loopWith(store, sink, clock);
    await first.start();
    clock.ms = at('10:02:05');
    await waitFor(() => sink.records.length >= 2, { timeoutMs: 10_000, what: 'two runs' });
    await first.stop();
    clock.ms = at('10:04:00');
    const second = loopWith(store, sink, clock);
    await second.start();
    await waitFor(() => sink.records.length >= 4, { timeoutMs: 10_000, what: 'the caught-up runs' });
    await second.stop();
    expect(sink.records.map((record) => JSON.parse(record.value as string).time as string)).toEqual(['10:01:00', '10:02:00', '10:03:00', '10:04:00'].map((time) => `2024-03-01T${time}Z`));
    expect(new Set(sink.ids()).size).toBe(4);
  });

  it('tells its run observer of every run: the points fed, or a failed query', async () => {
    const runs: string[] = [];
    let down = false;
    const flaky: InfluxDBPort = {
      async query(cluster: string, query: string): Promise<InfluxSeries[]> {
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:8086');
        return [...(await influxdb.query(cluster, query)), { name: 'cpu', tags: { host: 'b' }, columns: ['time', 'usage'], values: [['2024-03-01T10:00:30Z', 1], ['2024-03-01T10:00:40Z', 2]] }];
      },
    };
    const clock = { ms: at('10:00:10') };
    const sink = new SinkFake();
    const loop = new BatchLoop({ tasks: TASKS, influxdb: flaky, store: new InMemoryCheckpointStore(), checkpoint: BATCH_CHECKPOINT, sink, alertsTopic: 'vigil.alerts', intervalMs: 5, retryDelayMs: 5, nowMs: () => clock.ms, logger, runs: { batchRun: (task, run) => runs.push(`${task} ${run.node} ${run.points} ${run.failed}`) } });
    await loop.start();
    clock.ms = at('10:01:05');
    await waitFor(() => runs.length >= 1, { timeoutMs: 10_000, what: 'the 10:01 run' });
    down = true;
    clock.ms = at('10:02:05');
    await waitFor(() => runs.length >= 2, { timeoutMs: 10_000, what: 'the failed 10:02 run' });
    await loop.stop();
    expect(runs).toEqual(['cpu_batch query1 3 false', 'cpu_batch query1 0 true']);
  });

  it('a run whose checkpoint was not saved is made again with the same event ids', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new SinkFake();
    const clock = { ms: at('10:00:10') };
    const first = loopWith(store, sink, clock);
    await first.start();
    const beforeRun = store.saves.at(-1)!;
    clock.ms = at('10:01:05');
    await waitFor(() => sink.records.length >= 1, { timeoutMs: 10_000, what: 'the 10:01 run' });
    await first.stop();
    // A crash between the events' fsync and the checkpoint: the store holds the schedule from before the run.
    store.rollBack(BATCH_CHECKPOINT, beforeRun);
    const second = loopWith(store, sink, clock);
    await second.start();
    await waitFor(() => sink.records.length >= 2, { timeoutMs: 10_000, what: 'the run made again' });
    await second.stop();
    expect(sink.records).toHaveLength(2);
    expect(sink.ids()[1]).toBe(sink.ids()[0]);
    expect(sink.records[1]?.value).toBe(sink.records[0]?.value);
  });

  it('a failed checkpoint write is tried again until it is written, the run not made twice', async () => {
    const store = new FailingStore();
    const sink = new SinkFake();
    const clock = { ms: at('10:00:10') };
    const loop = loopWith(store, sink, clock);
    await loop.start();
    store.failures = 2;
    clock.ms = at('10:01:05');
    await waitFor(() => store.failures === 0 && loop.healthy() && store.saves.length === 2, { timeoutMs: 10_000, what: 'the save after two failures' });
    await loop.stop();
    // The events are written with each attempt (the notifier drops the repeats by id); the run is made once.
    expect(new Set(sink.ids()).size).toBe(1);
    expect(JSON.parse(store.saves.at(-1)!.fields['batch:cpu_batch']!).schedule.queries.query1.last).toBe(String(BigInt(at('10:01:00')) * 1_000_000n));
  });

  it('a host whose save is refused because another saved first goes on from the stored schedule', async () => {
    const store = new InMemoryCheckpointStore();
    const clock = { ms: at('10:00:10') };
    const oldSink = new SinkFake();
    const newSink = new SinkFake();
    const old = loopWith(store, oldSink, clock);
    await old.start();
    // A handover: the new owner loads the same checkpoint while the old one is still running.
    const next = loopWith(store, newSink, clock);
    await next.start();
    clock.ms = at('10:03:05');
    await waitFor(() => oldSink.records.length + newSink.records.length >= 3 && store.saves.length >= 5, { timeoutMs: 10_000, what: 'the runs to 10:03' });
    await old.stop();
    await next.stop();
    // Whoever made a run, its events have the run's ids: three distinct events, each run saved once.
    expect(new Set([...oldSink.ids(), ...newSink.ids()]).size).toBe(3);
    const last = JSON.parse((await store.load(BATCH_CHECKPOINT))!.fields['batch:cpu_batch']!) as { schedule: { queries: { query1: { last: string } } } };
    expect(last.schedule.queries.query1.last).toBe(String(BigInt(at('10:03:00')) * 1_000_000n));
  });

  it('drops the saved schedule of a task no longer defined, so that it starts afresh when defined again', async () => {
    const store = new InMemoryCheckpointStore();
    const clock = { ms: at('10:00:10') };
    const first = loopWith(store, new SinkFake(), clock);
    await first.start();
    await first.stop();
    const empty = loopWith(store, new SinkFake(), clock, []);
    await empty.start();
    await empty.stop();
    expect((await store.load(BATCH_CHECKPOINT))?.fields).toEqual({});
  });
});
