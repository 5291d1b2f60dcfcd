import { delivered } from '@vigil/alert-handlers';
import type { DeliveryTimes } from '../delivery-ports';
import { deliveryHarness, failFirst, flush, hang, pendingOf, runToIdle, watch } from '../testing/delivery-fakes.test';

const setup = deliveryHarness;

describe('DeliveryScheduler', () => {
  it('delivers every target, marks the ledger and reports the event time, the acceptance time and the delivery time', async () => {
    const times: DeliveryTimes[] = [];
    const { clock, ledger, handlers, scheduler } = setup({ observer: { delivered: (_kind, delivery) => times.push(delivery) } });
    const event = { ...pendingOf('e1', 'cpu/host=a', ['post', 'log'], clock.nowMs() - 2_500), acceptedMs: clock.nowMs() - 400 };
    await scheduler.submit(event);
    expect(handlers.sends.map((s) => `${s.kind}:${s.eventId}#${s.attempt}`)).toEqual(['post:e1#1', 'log:e1#1']);
    expect(ledger.marks).toEqual([
      { eventId: 'e1', key: '0:post', settlement: 'delivered' },
      { eventId: 'e1', key: '1:log', settlement: 'delivered' },
    ]);
    expect(times.map((t) => [t.deliveredMs - t.eventTimeMs, t.deliveredMs - (t.acceptedMs ?? 0)])).toEqual([
      [2_500, 400],
      [2_500, 400],
    ]);
    expect(scheduler.queued()).toBe(0);
  });

  it('keeps the order of a lane while its head retries', async () => {
    const { clock, handlers, scheduler } = setup();
    handlers.script('post', (send) => (send.eventId === 'e1' ? failFirst(2)(send) : delivered));
    const first = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    const second = watch(scheduler.submit(pendingOf('e2', 'a', ['post'])));
    const third = watch(scheduler.submit(pendingOf('e3', 'a', ['post'])));
    await flush();
    expect(handlers.sends.map((s) => `${s.eventId}#${s.attempt}`)).toEqual(['e1#1']);
    expect(second.state()).toBe('pending');
    await runToIdle(clock);
    expect(handlers.sends.map((s) => `${s.eventId}#${s.attempt}`)).toEqual(['e1#1', 'e1#2', 'e1#3', 'e2#1', 'e3#1']);
    expect([first.state(), second.state(), third.state()]).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('does not let a down handler stall another handler of the same alert or another alert', async () => {
    const { clock, handlers, deadLetters, scheduler } = setup();
    handlers.script('post', (send, signal) => (send.alertId === 'a' ? hang(signal) : delivered));
    const stuck = watch(scheduler.submit(pendingOf('e1', 'a', ['post', 'log'])));
    await scheduler.submit(pendingOf('e2', 'b', ['post']));
    await scheduler.submit(pendingOf('e3', 'a', ['log']));
    await runToIdle(clock);
    expect(handlers.sends.map((s) => `${s.kind}:${s.eventId}`)).toEqual(['post:e1', 'log:e1', 'post:e2', 'log:e3']);
    expect(stuck.state()).toBe('pending');
    expect(deadLetters.letters).toEqual([]);
    await scheduler.stop();
  });

  it('skips a pair the ledger already settled, without sending', async () => {
    const skipped: string[] = [];
    const { ledger, handlers, scheduler } = setup({ observer: { skipped: (kind, settlement) => skipped.push(`${kind}=${settlement}`) } });
    await ledger.markDelivered('e1', '0:post');
    await ledger.markDead('e1', '1:log');
    await scheduler.submit(pendingOf('e1', 'a', ['post', 'log', 'tcp']));
    expect(handlers.sends.map((s) => s.kind)).toEqual(['tcp']);
    expect(skipped).toEqual(['post=delivered', 'log=dead']);
  });

  it('checks the ledger at the head of the lane, so a record read twice is sent once', async () => {
    const { clock, handlers, scheduler } = setup();
    handlers.script('post', failFirst(1));
    const first = scheduler.submit(pendingOf('e1', 'a', ['post']));
    await runToIdle(clock);
    await first;
    await scheduler.submit(pendingOf('e1', 'a', ['post']));
    expect(handlers.sends.map((s) => s.attempt)).toEqual([1, 2]);
  });

  it('joins a duplicate submit of a queued pair instead of sending twice', async () => {
    const { clock, handlers, scheduler } = setup();
    handlers.script('post', failFirst(1));
    const first = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    await flush();
    const again = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    expect(scheduler.queued()).toBe(1);
    await runToIdle(clock);
    expect(handlers.sends.map((s) => `${s.eventId}#${s.attempt}`)).toEqual(['e1#1', 'e1#2']);
    expect([first.state(), again.state()]).toEqual(['resolved', 'resolved']);
  });

  it('resolves at once for an event without targets', async () => {
    const { handlers, scheduler } = setup();
    await scheduler.submit({ ...pendingOf('e1', 'a', ['post']), targets: [] });
    expect(handlers.sends).toEqual([]);
  });

  it('rejects the submit when the ledger cannot be read, and the lane goes on', async () => {
    const { ledger, handlers, scheduler } = setup();
    ledger.failReads = new Error('redis down');
    await expect(scheduler.submit(pendingOf('e1', 'a', ['post']))).rejects.toThrow('redis down');
    ledger.failReads = undefined;
    await scheduler.submit(pendingOf('e2', 'a', ['post']));
    expect(handlers.sends.map((s) => s.eventId)).toEqual(['e2']);
    expect(scheduler.queued()).toBe(0);
  });

  it('rejects the submit when the ledger cannot record a delivery', async () => {
    const { ledger, handlers, scheduler } = setup();
    ledger.failWrites = new Error('redis readonly');
    await expect(scheduler.submit(pendingOf('e1', 'a', ['post']))).rejects.toThrow('redis readonly');
    expect(handlers.sends).toHaveLength(1);
  });

  it('bounds concurrent sends over all lanes with maxInFlight', async () => {
    const { handlers, scheduler } = setup({ maxInFlight: 2 });
    const releases: (() => void)[] = [];
    let active = 0;
    let peak = 0;
    handlers.script('post', () => {
      active++;
      peak = Math.max(peak, active);
      return new Promise((resolve) =>
        releases.push(() => {
          active--;
          resolve(delivered);
        }),
      );
    });
    const all = ['a', 'b', 'c', 'd'].map((alertId, i) => watch(scheduler.submit(pendingOf(`e${i}`, alertId, ['post']))));
    await flush();
    expect(handlers.sends).toHaveLength(2);
    while (releases.length > 0) {
      releases.shift()?.();
      await flush();
    }
    expect(all.map((w) => w.state())).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
    expect(peak).toBe(2);
    expect(handlers.sends.map((s) => s.alertId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a maxInFlight below one', () => {
    expect(() => setup({ maxInFlight: 0 })).toThrow(RangeError);
  });
});
