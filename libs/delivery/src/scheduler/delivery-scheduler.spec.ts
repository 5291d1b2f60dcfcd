import { HandlerOptionError, delivered, failed } from '@vigil/alert-handlers';
import type { DeadLetter } from '../delivery-ports';
import {
  deliveryHarness,
  answerLater,
  flush,
  hang,
  pendingOf,
  policy,
  runToIdle,
  watch,
} from '../testing/delivery-fakes.test';
import { DeliveryStoppedError } from './delivery-stopped-error';

const setup = deliveryHarness;

/** Fails the first `failures` attempts of every event (retryable), then delivers. */
function failFirst(failures: number) {
  return ({ attempt }: { attempt: number }) => (attempt <= failures ? failed(true, `HTTP 503 on attempt ${attempt}`) : delivered);
}

describe('DeliveryScheduler', () => {
  it('delivers every target, marks the ledger and reports latency from the event time', async () => {
    const latencies: number[] = [];
    const { clock, ledger, handlers, scheduler } = setup({ observer: { delivered: (_kind, eventMs, nowMs) => latencies.push(nowMs - eventMs) } });
    const event = pendingOf('e1', 'cpu/host=a', ['post', 'log'], clock.nowMs() - 2_500);
    await scheduler.submit(event);
    expect(handlers.sends.map((s) => `${s.kind}:${s.eventId}#${s.attempt}`)).toEqual(['post:e1#1', 'log:e1#1']);
    expect(ledger.marks).toEqual([
      { eventId: 'e1', key: '0:post', settlement: 'delivered' },
      { eventId: 'e1', key: '1:log', settlement: 'delivered' },
    ]);
    expect(latencies).toEqual([2_500, 2_500]);
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

  it('delivers exactly once after retryable failures', async () => {
    const outcomes: string[] = [];
    const depths: number[] = [];
    const { clock, handlers, ledger, deadLetters, scheduler } = setup({
      observer: { attempted: (kind, outcome, attempt) => outcomes.push(`${kind}:${outcome}#${attempt}`), retryDepth: (depth) => depths.push(depth) },
    });
    handlers.script('post', failFirst(2));
    const done = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    await runToIdle(clock);
    expect(done.state()).toBe('resolved');
    expect(outcomes).toEqual(['post:retry#1', 'post:retry#2', 'post:delivered#3']);
    expect(depths).toEqual([1, 0, 1, 0]);
    expect(ledger.marks).toEqual([{ eventId: 'e1', key: '0:post', settlement: 'delivered' }]);
    expect(deadLetters.letters).toEqual([]);
  });

  it('waits the exponential backoff between attempts', async () => {
    const { clock, handlers, scheduler } = setup();
    const times: number[] = [];
    const start = clock.nowMs();
    handlers.script('post', (send) => {
      times.push(clock.nowMs() - start);
      return failFirst(3)(send);
    });
    scheduler.submit(pendingOf('e1', 'a', ['post']));
    await runToIdle(clock);
    expect(times).toEqual([0, 100, 300, 700]);
  });

  it('dead-letters after maxAttempts with the last reason and the attempt count', async () => {
    const outcomes: string[] = [];
    const seen: DeadLetter[] = [];
    const { clock, handlers, ledger, deadLetters, scheduler } = setup({
      policy: { ...policy, maxAttempts: 3 },
      observer: { attempted: (kind, outcome) => outcomes.push(`${kind}:${outcome}`), deadLettered: (letter) => seen.push(letter) },
    });
    const start = clock.nowMs();
    handlers.script('post', failFirst(99));
    const done = watch(scheduler.submit(pendingOf('e1', 'a', ['post', 'log'])));
    await runToIdle(clock);
    expect(done.state()).toBe('resolved');
    expect(outcomes.filter((o) => o.startsWith('post:'))).toEqual(['post:retry', 'post:retry', 'post:failed']);
    expect(outcomes.filter((o) => o.startsWith('log:'))).toEqual(['log:delivered']);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({
      eventId: 'e1',
      alertId: 'a',
      task: 'cpu',
      node: 'alert2',
      topic: 'ops',
      category: '',
      target: { key: '0:post', instruction: { kind: 'post' } },
      reason: 'HTTP 503 on attempt 3',
      retryable: true,
      attempts: 3,
      firstAttemptMs: start,
      lastAttemptMs: start + 300,
    });
    expect(seen).toEqual(deadLetters.letters);
    expect(ledger.marks).toContainEqual({ eventId: 'e1', key: '1:log', settlement: 'delivered' });
    expect(ledger.marks).toContainEqual({ eventId: 'e1', key: '0:post', settlement: 'dead' });
    expect(ledger.marks).toHaveLength(2);
  });

  it('dead-letters when the next attempt would start past maxAgeMs, then moves on in the lane', async () => {
    const { clock, handlers, deadLetters, scheduler } = setup({ policy: { ...policy, maxAttempts: 100, maxAgeMs: 1_000, initialBackoffMs: 400 } });
    const start = clock.nowMs();
    handlers.script('post', (send) => (send.eventId === 'e1' ? failed(true, `timeout #${send.attempt}`) : delivered));
    const first = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    const second = watch(scheduler.submit(pendingOf('e2', 'a', ['post'])));
    await runToIdle(clock);
    // Attempts at +0 and +400; the third would start at +1200, past the 1000 ms age.
    expect(deadLetters.letters.map((l) => [l.eventId, l.reason, l.attempts, l.firstAttemptMs - start, l.lastAttemptMs - start])).toEqual([
      ['e1', 'timeout #2', 2, 0, 400],
    ]);
    expect(handlers.sends.map((s) => `${s.eventId}#${s.attempt}`)).toEqual(['e1#1', 'e1#2', 'e2#1']);
    expect([first.state(), second.state()]).toEqual(['resolved', 'resolved']);
  });

  it('dead-letters a non-retryable failure at once', async () => {
    const { clock, handlers, deadLetters, scheduler } = setup();
    handlers.script('post', () => failed(false, 'endpoint answered HTTP 400'));
    await scheduler.submit(pendingOf('e1', 'a', ['post']));
    expect(handlers.sends).toHaveLength(1);
    expect(deadLetters.letters.map((l) => [l.reason, l.retryable, l.attempts, l.lastAttemptMs])).toEqual([
      ['endpoint answered HTTP 400', false, 1, clock.nowMs()],
    ]);
  });

  it('dead-letters at once when the handler cannot be built from its options', async () => {
    const { handlers, deadLetters, ledger, scheduler } = setup();
    handlers.refuse('slack', new HandlerOptionError('.slack() needs a workspace: configure slack.url'));
    handlers.refuse('tcp', new TypeError('factory bug'));
    await scheduler.submit(pendingOf('e1', 'a', ['slack', 'log', 'tcp']));
    expect(handlers.sends.map((s) => s.kind)).toEqual(['log']);
    expect(deadLetters.letters.map((l) => [l.target.key, l.reason, l.retryable, l.attempts])).toEqual([
      ['0:slack', '.slack() needs a workspace: configure slack.url', false, 0],
      ['2:tcp', 'tcp handler could not be built: factory bug', false, 0],
    ]);
    expect(ledger.marks.map((m) => `${m.key}=${m.settlement}`).sort()).toEqual(['0:slack=dead', '1:log=delivered', '2:tcp=dead']);
  });

  it('retries a handler that throws, with the error message as reason', async () => {
    const { clock, handlers, deadLetters, scheduler } = setup({ policy: { ...policy, maxAttempts: 2 } });
    handlers.script('post', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'url')");
    });
    await Promise.all([scheduler.submit(pendingOf('e1', 'a', ['post'])), runToIdle(clock)]);
    expect(handlers.sends).toHaveLength(2);
    expect(deadLetters.letters.map((l) => [l.retryable, l.attempts])).toEqual([[true, 2]]);
    expect(deadLetters.letters[0]?.reason).toContain("Cannot read properties of undefined (reading 'url')");
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

  it('delivers a dead pair again for a DLQ replay only, and once however often it is replayed', async () => {
    const { handlers, ledger, scheduler } = setup();
    await ledger.markDead('e1', '0:post');
    await ledger.markDelivered('e1', '1:log');
    await scheduler.submit(pendingOf('e1', 'a', ['post', 'log']));
    expect(handlers.sends).toEqual([]);
    // Two replays of the same letter (an operator ran it twice, or a crashed run was repeated).
    await scheduler.submit(pendingOf('e1', 'a', ['post', 'log'], undefined, ['0:post', '1:log']));
    await scheduler.submit(pendingOf('e1', 'a', ['post', 'log'], undefined, ['0:post']));
    expect(handlers.sends.map((s) => `${s.kind}:${s.eventId}`)).toEqual(['post:e1']);
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
  });

  it('dead-letters a replayed pair that fails again, with a new letter', async () => {
    const { handlers, ledger, deadLetters, scheduler } = setup();
    handlers.script('post', () => failed(false, 'HTTP 410'));
    await ledger.markDead('e1', '0:post');
    await scheduler.submit(pendingOf('e1', 'a', ['post'], undefined, ['0:post']));
    expect(deadLetters.letters.map((letter) => `${letter.eventId} ${letter.target.key} ${letter.reason}`)).toEqual(['e1 0:post HTTP 410']);
    expect(await ledger.settlement('e1', '0:post')).toBe('dead');
  });

  it('keeps a replay apart from a plain repeat of the same dead pair queued beside it', async () => {
    const { clock, handlers, ledger, scheduler } = setup();
    await ledger.markDead('e1', '0:post');
    const head = answerLater();
    handlers.script('post', (send) => (send.eventId === 'e0' ? head.result : delivered));
    const blocker = watch(scheduler.submit(pendingOf('e0', 'a', ['post'])));
    const repeat = watch(scheduler.submit(pendingOf('e1', 'a', ['post'])));
    const replay = watch(scheduler.submit(pendingOf('e1', 'a', ['post'], undefined, ['0:post'])));
    head.answer(delivered);
    await runToIdle(clock);
    expect([blocker.state(), repeat.state(), replay.state()]).toEqual(['resolved', 'resolved', 'resolved']);
    expect(handlers.sends.map((s) => s.eventId)).toEqual(['e0', 'e1']);
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
  });

  it('resolves at once for an event without targets', async () => {
    const { handlers, scheduler } = setup();
    await scheduler.submit({ ...pendingOf('e1', 'a', ['post']), targets: [] });
    expect(handlers.sends).toEqual([]);
  });

  it('rejects a submit already aborted without sending', async () => {
    const { handlers, scheduler } = setup();
    await expect(scheduler.submit(pendingOf('e1', 'a', ['post']), AbortSignal.abort())).rejects.toBeInstanceOf(DeliveryStoppedError);
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

  it('rejects the submit and leaves the pair unmarked when the dead letter cannot be written', async () => {
    const { ledger, deadLetters, handlers, scheduler } = setup();
    handlers.script('post', () => failed(false, 'HTTP 404'));
    deadLetters.failWith = new Error('dlq topic missing');
    await expect(scheduler.submit(pendingOf('e1', 'a', ['post']))).rejects.toThrow('dlq topic missing');
    expect(ledger.marks).toEqual([]);
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
