import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { DeliveryStoppedError, REPLAY_HEADER, type DeliveryClock, type PendingEvent } from '@vigil/delivery';
import { eventRecordOf } from '@vigil/topic-contract';
import type { ConsumedMessage, OffsetCommit, TopicPartition } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { AlertDispatcher, type DispatcherConsumer, type EventSubmitter } from './alert-dispatcher';

const TOPIC = 'alerts';
const P0: TopicPartition = { topic: TOPIC, partition: 0 };
const POST: HandlerInstruction = { kind: 'post', args: ['http://broker/alerts'], options: [] };
const LOG: HandlerInstruction = { kind: 'log', args: ['/tmp/alerts.log'], options: [] };

function eventOf(id: string, handlers: readonly HandlerInstruction[] = [POST]): AlertEvent {
  return {
    id,
    message: `${id} is CRITICAL`,
    details: '',
    time: 1_684_713_070_038_000_000n,
    duration: 0n,
    level: 'CRITICAL',
    previousLevel: 'OK',
    recoverable: true,
    series: [],
    task: 'provider_health',
    node: 'alert2',
    topic: '',
    category: '',
    handlers,
  };
}

function messageOf(offset: number, alertId = `a${offset}`, extraHeaders: Record<string, string> = {}, handlers?: readonly HandlerInstruction[]): ConsumedMessage {
  const record = eventRecordOf(eventOf(alertId, handlers), `e${offset}`);
  return { topic: TOPIC, partition: 0, offset: String(offset), key: Buffer.from(record.key), value: Buffer.from(record.value), headers: { ...record.headers, ...extraHeaders }, timestampMs: 0 };
}

/**
 * A scheduler whose submits the test settles one by one. An abort rejects a submit at once,
 * except for events named in `inFlight`, whose attempt runs on until the test settles it.
 */
class FakeScheduler implements EventSubmitter {
  readonly submits: { pending: PendingEvent; signal: AbortSignal; resolve: () => void; reject: (error: unknown) => void }[] = [];
  readonly inFlight = new Set<string>();

  submit(pending: PendingEvent, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.submits.push({ pending, signal, resolve, reject });
      if (this.inFlight.has(pending.eventId)) return;
      signal.addEventListener('abort', () => reject(new DeliveryStoppedError()), { once: true });
    });
  }

  of(eventId: string) {
    const found = this.submits.filter((submit) => submit.pending.eventId === eventId);
    const last = found[found.length - 1];
    if (!last) throw new Error(`no submit of ${eventId}`);
    return last;
  }
}

class FakeConsumer implements DispatcherConsumer {
  readonly calls: string[] = [];
  readonly commits: OffsetCommit[][] = [];
  pause(tp: TopicPartition): void {
    this.calls.push(`pause ${tp.partition}`);
  }
  resume(tp: TopicPartition): void {
    this.calls.push(`resume ${tp.partition}`);
  }
  async commit(offsets: readonly OffsetCommit[]): Promise<void> {
    this.commits.push([...offsets]);
  }
  lastCommitted(): bigint | undefined {
    return this.commits[this.commits.length - 1]?.[0]?.offset;
  }
}

/** Sleeps end when the test says so. */
class ManualClock implements DeliveryClock {
  readonly sleeps: { ms: number; wake: () => void }[] = [];
  nowMs(): number {
    return 0;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.sleeps.push({ ms, wake: resolve });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setUp(maxPending = 100) {
  const consumer = new FakeConsumer();
  const scheduler = new FakeScheduler();
  const clock = new ManualClock();
  const invalid: string[] = [];
  const dispatcher = new AlertDispatcher({
    consumer,
    scheduler,
    clock,
    logger: createLogger({ service: 'notifier-spec', level: 'silent' }),
    maxPending,
    infrastructureRetryMs: 100,
    infrastructureRetryMaxMs: 400,
    revokeGraceMs: 5_000,
    invalidRecord: (topic) => invalid.push(topic),
  });
  dispatcher.assign([P0]);
  return { consumer, scheduler, clock, invalid, dispatcher };
}

describe('AlertDispatcher', () => {
  it('hands every record to the scheduler without waiting and commits up to the lowest unsettled one', async () => {
    const { consumer, scheduler, dispatcher } = setUp();
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(10), messageOf(11), messageOf(12)] });
    expect(scheduler.submits.map((submit) => submit.pending.eventId)).toEqual(['e10', 'e11', 'e12']);
    expect(dispatcher.pending()).toBe(3);

    scheduler.of('e11').resolve();
    scheduler.of('e12').resolve();
    await flush();
    await dispatcher.commit();
    expect(consumer.lastCommitted()).toBe(10n);

    scheduler.of('e10').resolve();
    await flush();
    await dispatcher.commit();
    expect(consumer.lastCommitted()).toBe(13n);
    expect(dispatcher.pending()).toBe(0);
    // Nothing moved: no second commit of the same offset.
    await dispatcher.commit();
    expect(consumer.commits).toHaveLength(2);
  });

  it('pauses a partition past the pending limit and resumes it once below', async () => {
    const { consumer, scheduler, dispatcher } = setUp(2);
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0), messageOf(1)] });
    expect(consumer.calls).toEqual([]);
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(2)] });
    expect(consumer.calls).toEqual(['pause 0']);
    expect(dispatcher.pausedPartitions()).toBe(1);
    scheduler.of('e2').resolve();
    await flush();
    expect(consumer.calls).toEqual(['pause 0']);
    scheduler.of('e0').resolve();
    await flush();
    expect(consumer.calls).toEqual(['pause 0', 'resume 0']);
    expect(dispatcher.pausedPartitions()).toBe(0);
  });

  it('skips and counts a record that breaks the contract, and commits past it', async () => {
    const { consumer, scheduler, invalid, dispatcher } = setUp();
    const broken: ConsumedMessage = { ...messageOf(0), value: Buffer.from('not json') };
    await dispatcher.handleBatch({ ...P0, messages: [broken, messageOf(1, 'a1', { [REPLAY_HEADER]: '{"not":"an array"}' })] });
    expect(scheduler.submits).toEqual([]);
    expect(invalid).toEqual([TOPIC, TOPIC]);
    await dispatcher.commit();
    expect(consumer.lastCommitted()).toBe(2n);
  });

  it('delivers a replayed record to the handlers its replay header names only', async () => {
    const { scheduler, dispatcher } = setUp();
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0, 'a0', { [REPLAY_HEADER]: '["1:log"]' }, [POST, LOG])] });
    expect(scheduler.of('e0').pending.targets.map((target) => target.key)).toEqual(['1:log']);
  });

  it('does not submit again what a rebalance fetches a second time', async () => {
    const { scheduler, dispatcher } = setUp();
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0), messageOf(1)] });
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0), messageOf(1), messageOf(2)] });
    expect(scheduler.submits.map((submit) => submit.pending.eventId)).toEqual(['e0', 'e1', 'e2']);
  });

  it('aborts a revoked partition, commits what it settled, and keeps a later assignment apart', async () => {
    const { consumer, scheduler, dispatcher } = setUp();
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0), messageOf(1)] });
    scheduler.of('e0').resolve();
    await flush();
    await dispatcher.revoke([P0]);
    expect(scheduler.of('e1').signal.aborted).toBe(true);
    expect(consumer.lastCommitted()).toBe(1n);
    // Records of a partition not owned are ignored.
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(2)] });
    expect(scheduler.submits).toHaveLength(2);

    dispatcher.assign([P0]);
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(1)] });
    expect(scheduler.submits.map((submit) => submit.pending.eventId)).toEqual(['e0', 'e1', 'e1']);
    expect(dispatcher.pending()).toBe(1);
  });

  it('on revoke waits for the attempts in flight and commits past those they delivered', async () => {
    const { consumer, scheduler, clock, dispatcher } = setUp();
    scheduler.inFlight.add('e0');
    scheduler.inFlight.add('e1');
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0), messageOf(1), messageOf(2)] });
    let revoked = false;
    const revoking = dispatcher.revoke([P0]).then(() => (revoked = true));
    await flush();
    expect(scheduler.submits.map((submit) => submit.signal.aborted)).toEqual([true, true, true]);
    expect(revoked).toBe(false);
    expect(consumer.commits).toEqual([]);
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([5_000]);

    scheduler.of('e0').resolve();
    scheduler.of('e1').reject(new DeliveryStoppedError());
    await revoking;
    // e0's attempt delivered; e1's was cut and e2 never started: the next owner starts at e1.
    expect(consumer.lastCommitted()).toBe(1n);
  });

  it('on revoke stops waiting for attempts in flight after the grace, and commits what settled', async () => {
    const { consumer, scheduler, clock, dispatcher } = setUp();
    scheduler.inFlight.add('e1');
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0), messageOf(1)] });
    scheduler.of('e0').resolve();
    await flush();
    const revoking = dispatcher.revoke([P0]);
    await flush();
    clock.sleeps[0]?.wake();
    await revoking;
    expect(consumer.lastCommitted()).toBe(1n);
    expect(scheduler.of('e1').signal.aborted).toBe(true);
  });

  it('submits again after a backoff when the ledger or dead-letter sink fails, and commits only then', async () => {
    const { consumer, scheduler, clock, dispatcher } = setUp();
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0)] });
    scheduler.of('e0').reject(new Error('redis down'));
    await flush();
    await dispatcher.commit();
    expect(consumer.lastCommitted()).toBe(0n);
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([100]);
    clock.sleeps[0]?.wake();
    await flush();
    expect(scheduler.submits).toHaveLength(2);
    scheduler.of('e0').reject(new Error('redis down'));
    await flush();
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([100, 200]);
    clock.sleeps[1]?.wake();
    await flush();
    scheduler.of('e0').resolve();
    await flush();
    await dispatcher.commit();
    expect(consumer.lastCommitted()).toBe(1n);
  });

  it('leaves a stopped delivery unsettled', async () => {
    const { consumer, scheduler, clock, dispatcher } = setUp();
    await dispatcher.handleBatch({ ...P0, messages: [messageOf(0)] });
    scheduler.of('e0').reject(new DeliveryStoppedError());
    await flush();
    await dispatcher.commit();
    expect(consumer.lastCommitted()).toBe(0n);
    expect(clock.sleeps).toEqual([]);
    expect(dispatcher.pending()).toBe(1);
  });
});
