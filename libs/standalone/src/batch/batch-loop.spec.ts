import { defineTasks, EVENT_HEADERS, InMemoryCheckpointStore, SERIES_PARTITION_KEYS, type CheckpointWrite, type InfluxDBPort, type InfluxSeries, type OutgoingRecord, type PartitionRef, type RecordSink, type SaveOutcome } from '@vigil/evaluation';
import { createLogger } from '@vigil/observability';
import { waitFor } from '@vigil/testing';
import { BATCH_CHECKPOINT, BatchLoop } from './batch-loop';

const logger = createLogger({ service: 'test', level: 'silent' });
const SCRIPT = `dbrp "telegraf"."autogen"
batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1m)
    .every(1m)
    .align()
  |alert()
    .crit(lambda: "usage" > 90.0)
    .topic('cpu')
`;
const TASKS = defineTasks([{ name: 'cpu_batch', script: SCRIPT }], SERIES_PARTITION_KEYS);

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

const at = (time: string) => Date.parse(`2024-03-01T${time}Z`);

function loopWith(store: InMemoryCheckpointStore, sink: RecordSink, clock: { ms: number }): BatchLoop {
  return new BatchLoop({ tasks: TASKS, influxdb, store, sink, alertsTopic: 'vigil.alerts', intervalMs: 5, retryDelayMs: 5, nowMs: () => clock.ms, logger });
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

  it('drops the saved schedule of a task no longer defined, so that it starts afresh when defined again', async () => {
    const store = new InMemoryCheckpointStore();
    const clock = { ms: at('10:00:10') };
    const first = loopWith(store, new SinkFake(), clock);
    await first.start();
    await first.stop();
    const empty = new BatchLoop({ tasks: [], influxdb, store, sink: new SinkFake(), alertsTopic: 'vigil.alerts', intervalMs: 5, retryDelayMs: 5, nowMs: () => clock.ms, logger });
    await empty.start();
    await empty.stop();
    expect((await store.load(BATCH_CHECKPOINT))?.fields).toEqual({});
  });
});
