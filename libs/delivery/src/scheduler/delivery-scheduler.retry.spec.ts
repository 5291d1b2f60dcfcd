import { HandlerOptionError, delivered, failed } from '@vigil/alert-handlers';
import type { DeadLetter } from '../delivery-ports';
import { deliveryHarness, answerLater, failFirst, pendingOf, policy, runToIdle, watch } from '../testing/delivery-fakes.test';

const setup = deliveryHarness;

describe('DeliveryScheduler', () => {
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

  it('rejects the submit and leaves the pair unmarked when the dead letter cannot be written', async () => {
    const { ledger, deadLetters, handlers, scheduler } = setup();
    handlers.script('post', () => failed(false, 'HTTP 404'));
    deadLetters.failWith = new Error('dlq topic missing');
    await expect(scheduler.submit(pendingOf('e1', 'a', ['post']))).rejects.toThrow('dlq topic missing');
    expect(ledger.marks).toEqual([]);
  });
});
