import { encodeAlertEvent, type AlertEvent } from '@vigil/core';
import { DeliveryStoppedError, REPLAY_HEADER, type PendingEvent } from '@vigil/delivery';
import { eventRecordOf } from '@vigil/evaluation';
import { createLogger } from '@vigil/observability';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { NotificationLoop, type EventDelivery, type PositionStore } from './notification-loop';

const logger = createLogger({ service: 'test', level: 'silent' });

function event(id: string, level: AlertEvent['level'], second: number): AlertEvent {
  return {
    id,
    message: `${id} is ${level}`,
    details: '',
    time: BigInt(second) * 1_000_000_000n,
    duration: 0n,
    level,
    previousLevel: 'OK',
    recoverable: true,
    series: [],
    task: 'task',
    node: 'alert2',
    topic: '',
    category: '',
    handlers: [{ kind: 'post', args: ['http://broker'], options: [] }],
  };
}

/** A DeliveryScheduler stand-in whose submissions the test settles one by one. */
class ManualDelivery implements EventDelivery {
  readonly submitted: { pending: PendingEvent; settle: () => void; fail: (error: Error) => void }[] = [];
  stopped = false;

  submit(pending: PendingEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.submitted.push({ pending, settle: resolve, fail: reject });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.submitted) entry.fail(new DeliveryStoppedError());
  }

  settle(eventId: string): void {
    const entry = this.submitted.find((submission) => submission.pending.eventId === eventId);
    if (!entry) throw new Error(`${eventId} was not submitted`);
    entry.settle();
  }
}

class MemoryPosition implements PositionStore {
  constructor(public offset: bigint | undefined = undefined) {}
  readonly saves: bigint[] = [];
  async load(): Promise<bigint | undefined> {
    return this.offset;
  }
  async save(offset: bigint): Promise<void> {
    this.offset = offset;
    this.saves.push(offset);
  }
}

function loopOver(events: InMemoryLog, delivery: EventDelivery, position: PositionStore, maxPending = 100): NotificationLoop {
  return new NotificationLoop({ events, delivery, position, batchRecords: 10, maxPending, stopGraceMs: 0, retryDelayMs: 1, positionSaveIntervalMs: 1, logger });
}

async function appendEvents(log: InMemoryLog, ...entries: [string, AlertEvent][]): Promise<void> {
  await log.append(entries.map(([eventId, alert]) => eventRecordOf(alert, eventId)));
}

describe('NotificationLoop', () => {
  it('submits each event with its Kapacitor JSON and handler targets, and saves the position past settled events', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const position = new MemoryPosition();
    await appendEvents(log, ['e0', event('a', 'CRITICAL', 1)], ['e1', event('b', 'WARNING', 2)]);
    const loop = loopOver(log, delivery, position);
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(2));
    const first = delivery.submitted[0]!.pending;
    expect(first.json).toBe(encodeAlertEvent(event('a', 'CRITICAL', 1)));
    expect(first.targets.map((target) => target.key)).toEqual(['0:post']);
    expect(first.event.id).toBe('a');
    delivery.settle('e0');
    delivery.settle('e1');
    await vi.waitFor(() => expect(position.offset).toBe(2n));
    await loop.stop();
  });

  it('delivers a record replayed by vigil dlq replay only to the handlers its replay header names, dead or not', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const alert = { ...event('a', 'CRITICAL', 1), handlers: [...event('a', 'CRITICAL', 1).handlers, { kind: 'log', args: ['/tmp/a.log'], options: [] }] };
    const record = eventRecordOf(alert, 'e0');
    await log.append([record, { ...record, headers: { ...record.headers, [REPLAY_HEADER]: '["1:log"]' } }]);
    const loop = loopOver(log, delivery, new MemoryPosition());
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(2));
    const [plain, replayed] = delivery.submitted.map((entry) => entry.pending);
    expect(plain?.targets.map((target) => target.key)).toEqual(['0:post', '1:log']);
    expect(plain?.redeliverDead).toBe(false);
    expect(replayed?.targets.map((target) => target.key)).toEqual(['1:log']);
    expect(replayed?.redeliverDead).toBe(true);
    await loop.stop();
  });

  it('never saves a position past an event that is not settled, whatever settles after it', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const position = new MemoryPosition();
    await appendEvents(log, ['e0', event('a', 'CRITICAL', 1)], ['e1', event('b', 'CRITICAL', 1)], ['e2', event('c', 'CRITICAL', 1)]);
    const loop = loopOver(log, delivery, position);
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(3));
    delivery.settle('e1');
    delivery.settle('e2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(position.offset).toBeUndefined();
    delivery.settle('e0');
    await vi.waitFor(() => expect(position.offset).toBe(3n));
    await loop.stop();
  });

  it('at stop cuts off unsettled deliveries, stops the scheduler and keeps them for the next start', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const position = new MemoryPosition();
    await appendEvents(log, ['e0', event('a', 'CRITICAL', 1)], ['e1', event('a', 'OK', 2)]);
    const loop = loopOver(log, delivery, position);
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(2));
    delivery.settle('e0');
    await vi.waitFor(() => expect(position.offset).toBe(1n));
    await loop.stop();
    expect(delivery.stopped).toBe(true);
    expect(position.offset).toBe(1n);

    const next = new ManualDelivery();
    const restarted = loopOver(log, next, position);
    await restarted.start();
    await vi.waitFor(() => expect(next.submitted.map((entry) => entry.pending.eventId)).toEqual(['e1']));
    await restarted.stop();
  });

  it('skips a record that is not an alert event and moves past it', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const position = new MemoryPosition();
    await log.append([{ key: 'x', value: 'not json', headers: {} }]);
    await appendEvents(log, ['e1', event('a', 'CRITICAL', 1)]);
    const loop = loopOver(log, delivery, position);
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(1));
    delivery.settle('e1');
    await vi.waitFor(() => expect(position.offset).toBe(2n));
    await loop.stop();
  });

  it('submits again when recording the outcome failed, instead of skipping the event', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const position = new MemoryPosition();
    await appendEvents(log, ['e0', event('a', 'CRITICAL', 1)]);
    const loop = loopOver(log, delivery, position);
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(1));
    delivery.submitted[0]!.fail(new Error('ledger file: EIO'));
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(2));
    expect(position.offset).toBeUndefined();
    delivery.submitted[1]!.settle();
    await vi.waitFor(() => expect(position.offset).toBe(1n));
    await loop.stop();
  });

  it('stops reading while maxPending events are unsettled, and reads on as they settle', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    const position = new MemoryPosition();
    await appendEvents(log, ['e0', event('a', 'CRITICAL', 1)], ['e1', event('b', 'CRITICAL', 1)], ['e2', event('c', 'CRITICAL', 1)]);
    const loop = loopOver(log, delivery, position, 2);
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(delivery.submitted).toHaveLength(2);
    delivery.settle('e0');
    await vi.waitFor(() => expect(delivery.submitted).toHaveLength(3));
    await loop.stop();
  });

  it('starts from the saved position', async () => {
    const log = new InMemoryLog();
    const delivery = new ManualDelivery();
    await appendEvents(log, ['e0', event('a', 'CRITICAL', 1)], ['e1', event('a', 'OK', 2)]);
    const loop = loopOver(log, delivery, new MemoryPosition(1n));
    await loop.start();
    await vi.waitFor(() => expect(delivery.submitted.map((entry) => entry.pending.eventId)).toEqual(['e1']));
    await loop.stop();
  });
});
