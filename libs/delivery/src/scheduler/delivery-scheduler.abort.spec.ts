import { delivered, failed } from '@vigil/alert-handlers';
import { deliveryHarness, answerLater, failFirst, flush, hang, pendingOf, runToIdle, watch } from '../testing/delivery-fakes.test';
import { DeliveryStoppedError } from './delivery-stopped-error';

const setup = deliveryHarness;

describe('DeliveryScheduler', () => {
  it('rejects with DeliveryStoppedError when the signal aborts during a backoff, marking nothing', async () => {
    const { clock, handlers, ledger, deadLetters, scheduler } = setup();
    handlers.script('post', failFirst(99));
    const controller = new AbortController();
    const done = watch(scheduler.submit(pendingOf('e1', 'a', ['post']), controller.signal));
    await flush();
    expect(clock.sleeping()).toBe(1);
    controller.abort();
    await runToIdle(clock);
    expect(done.state()).toBe('rejected');
    expect(done.error()).toBeInstanceOf(DeliveryStoppedError);
    expect(handlers.sends).toHaveLength(1);
    expect(clock.sleeping()).toBe(0);
    expect(ledger.marks).toEqual([]);
    expect(deadLetters.letters).toEqual([]);
    expect(scheduler.queued()).toBe(0);
  });

  it('lets the next pair of a lane go when the submit waiting for the head (in a backoff) gives up', async () => {
    const { clock, handlers, scheduler } = setup();
    handlers.script('post', (send) => (send.eventId === 'e1' ? failed(true, 'HTTP 503') : delivered));
    const controller = new AbortController();
    const first = watch(scheduler.submit(pendingOf('e1', 'a', ['post']), controller.signal));
    const second = watch(scheduler.submit(pendingOf('e2', 'a', ['post'])));
    await flush();
    expect(clock.sleeping()).toBe(1);
    controller.abort();
    await flush();
    expect([first.state(), second.state()]).toEqual(['rejected', 'resolved']);
    expect(handlers.sends.map((s) => s.eventId)).toEqual(['e1', 'e2']);
  });

  it('on abort ends queued pairs and backoffs at once, but lets the attempt in flight finish and records its delivery', async () => {
    const { clock, handlers, ledger, deadLetters, scheduler } = setup();
    const inFlight = answerLater();
    const sendSignals: (AbortSignal | undefined)[] = [];
    handlers.script('post', (send, signal) => {
      sendSignals.push(signal);
      if (send.eventId === 'e1') return inFlight.result;
      return failed(true, 'HTTP 503');
    });
    // As a revoked partition does: one abort for every event of the partition.
    const revoke = new AbortController();
    const sending = watch(scheduler.submit(pendingOf('e1', 'a', ['post']), revoke.signal));
    const queued = watch(scheduler.submit(pendingOf('e2', 'a', ['post']), revoke.signal));
    const backingOff = watch(scheduler.submit(pendingOf('e3', 'b', ['post']), revoke.signal));
    await flush();
    expect(clock.sleeping()).toBe(1);
    revoke.abort();
    await flush();
    expect([sending.state(), queued.state(), backingOff.state()]).toEqual(['pending', 'rejected', 'rejected']);
    expect(queued.error()).toBeInstanceOf(DeliveryStoppedError);
    expect(clock.sleeping()).toBe(0);
    expect(sendSignals.map((signal) => signal?.aborted)).toEqual([false, false]);

    inFlight.answer(delivered);
    await runToIdle(clock);
    expect(sending.state()).toBe('resolved');
    expect(ledger.marks).toEqual([{ eventId: 'e1', key: '0:post', settlement: 'delivered' }]);
    expect(handlers.sends.map((s) => `${s.eventId}#${s.attempt}`)).toEqual(['e1#1', 'e3#1']);
    expect(deadLetters.letters).toEqual([]);
    expect(scheduler.queued()).toBe(0);
  });

  it('after an abort leaves a pair whose attempt in flight fails unsettled: no retry, no dead letter', async () => {
    const { clock, handlers, ledger, deadLetters, scheduler } = setup();
    const inFlight = answerLater();
    handlers.script('post', () => inFlight.result);
    const revoke = new AbortController();
    const done = watch(scheduler.submit(pendingOf('e1', 'a', ['post', 'log']), revoke.signal));
    await flush();
    revoke.abort();
    inFlight.answer(failed(false, 'HTTP 400'));
    await runToIdle(clock);
    expect(done.state()).toBe('rejected');
    expect(done.error()).toBeInstanceOf(DeliveryStoppedError);
    // The log pair had been delivered before the abort; the post pair is the next owner's.
    expect(ledger.marks).toEqual([{ eventId: 'e1', key: '1:log', settlement: 'delivered' }]);
    expect(handlers.sends.map((s) => `${s.kind}#${s.attempt}`)).toEqual(['post#1', 'log#1']);
    expect(deadLetters.letters).toEqual([]);
  });

  it('does not join a new submit to a cancelled pair still in flight; the new one finds its delivery in the ledger', async () => {
    const { clock, handlers, ledger, scheduler } = setup();
    const inFlight = answerLater();
    handlers.script('post', () => inFlight.result);
    const revoke = new AbortController();
    const old = watch(scheduler.submit(pendingOf('e1', 'a', ['post']), revoke.signal));
    await flush();
    revoke.abort();
    // The partition comes back to this member and the record is read again.
    const again = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    inFlight.answer(delivered);
    await runToIdle(clock);
    expect([old.state(), again.state()]).toEqual(['resolved', 'resolved']);
    expect(handlers.sends).toHaveLength(1);
    expect(ledger.marks.map((mark) => mark.settlement)).toEqual(['delivered']);
  });

  it('keeps a joined pair going while another submit still waits for it', async () => {
    const { clock, handlers, scheduler } = setup();
    handlers.script('post', failFirst(1));
    const controller = new AbortController();
    const leaving = watch(scheduler.submit(pendingOf('e1', 'a', ['post']), controller.signal));
    const staying = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    await flush();
    controller.abort();
    await runToIdle(clock);
    expect([leaving.state(), staying.state()]).toEqual(['rejected', 'resolved']);
    expect(handlers.sends.map((s) => s.attempt)).toEqual([1, 2]);
  });

  it('stop() aborts attempts in flight and rejects every submit, marking nothing', async () => {
    const { clock, handlers, ledger, deadLetters, scheduler } = setup();
    const signals: (AbortSignal | undefined)[] = [];
    handlers.script('post', (_send, signal) => {
      signals.push(signal);
      return hang(signal);
    });
    const inFlight = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    const queued = watch(scheduler.submit(pendingOf('e2', 'a', ['post'])));
    await flush();
    await scheduler.stop();
    await flush();
    expect([inFlight.state(), queued.state()]).toEqual(['rejected', 'rejected']);
    expect(queued.error()).toBeInstanceOf(DeliveryStoppedError);
    expect(signals.map((s) => s?.aborted)).toEqual([true]);
    expect(ledger.marks).toEqual([]);
    expect(deadLetters.letters).toEqual([]);
    await expect(scheduler.submit(pendingOf('e3', 'b', ['post']))).rejects.toBeInstanceOf(DeliveryStoppedError);
    expect(clock.sleeping()).toBe(0);
  });

  it('records a send that succeeded although stop() arrived meanwhile, and stop() waits for it', async () => {
    const { handlers, ledger, scheduler } = setup();
    const inFlight = answerLater();
    handlers.script('post', () => inFlight.result);
    const done = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    await flush();
    const stopped = watch(scheduler.stop());
    await flush();
    expect([done.state(), stopped.state()]).toEqual(['pending', 'pending']);
    inFlight.answer(delivered);
    await flush();
    expect([done.state(), stopped.state()]).toEqual(['resolved', 'resolved']);
    expect(ledger.marks).toEqual([{ eventId: 'e1', key: '0:post', settlement: 'delivered' }]);
  });

  it('rejects a submit already aborted without sending', async () => {
    const { handlers, scheduler } = setup();
    await expect(scheduler.submit(pendingOf('e1', 'a', ['post']), AbortSignal.abort())).rejects.toBeInstanceOf(DeliveryStoppedError);
    expect(handlers.sends).toEqual([]);
  });
});
