import { encodeAlertEvent } from '@vigil/core';
import { InMemoryCheckpointStore, type CheckpointStore } from '../checkpoint/checkpoint-store';
import { MessageDecoder } from '../decode/message-decoder';
import { EVENT_HEADERS, readEventRecord } from '../events/event-record';
import { replayEvents } from '../oracle/replay-oracle';
import { PartitionRuntime } from '../runtime/partition-runtime';
import { lineRecords, providerPoints, seedTasks } from '../testing/fixtures.test';
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
    expect(tick?.checkpointSaved).toBe(false);
    expect(store.saves).toHaveLength(1);
  });
});
