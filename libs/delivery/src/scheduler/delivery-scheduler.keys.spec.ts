import { type DeliveryResult, delivered, failed } from '@vigil/alert-handlers';
import { RecordingLedger, deliveryHarness, failFirst, flush, pendingOf, runToIdle, watch } from '../testing/delivery-fakes.test';

/** A handler outcome per send that the test hands over later, in any order. */
function manualAnswers(): { script: () => Promise<DeliveryResult>; answerNext: (result?: DeliveryResult) => void; waiting: () => number } {
  const answers: ((result: DeliveryResult) => void)[] = [];
  return {
    script: () => new Promise<DeliveryResult>((resolve) => answers.push(resolve)),
    answerNext: (result = delivered) => answers.shift()?.(result),
    waiting: () => answers.length,
  };
}

describe('DeliveryScheduler idempotency keys', () => {
  it("hands every attempt the event's alert JSON as stored, so a handler need not encode it again", async () => {
    const { clock, handlers, scheduler } = deliveryHarness();
    handlers.script('post', failFirst(1));
    const pending = pendingOf('e1', 'a', ['post', 'log']);
    await Promise.all([scheduler.submit(pending), runToIdle(clock)]);
    expect(handlers.sends.map((s) => `${s.kind}#${s.attempt} ${s.alertJson}`)).toEqual([`post#1 ${pending.json}`, `log#1 ${pending.json}`, `post#2 ${pending.json}`]);
  });

  it('gives every attempt at a pair the key <event id>:<handler key>, one key per handler of the event', async () => {
    const { clock, handlers, scheduler } = deliveryHarness();
    handlers.script('post', failFirst(2));
    const submitted = watch(scheduler.submit(pendingOf('e1', 'a', ['post', 'post', 'log'])));
    await runToIdle(clock);
    expect(submitted.state()).toBe('resolved');
    expect(handlers.sends.map((s) => `${s.kind}#${s.attempt} ${s.idempotencyKey}`).sort()).toEqual([
      'log#1 e1:2:log',
      'post#1 e1:0:post',
      'post#1 e1:1:post',
      'post#2 e1:0:post',
      'post#2 e1:1:post',
      'post#3 e1:0:post',
      'post#3 e1:1:post',
    ]);
  });

  it('sends the repeat after a crash and the replay of a dead letter with the original key', async () => {
    const first = deliveryHarness();
    first.handlers.script('post', () => failed(false, 'HTTP 400'));
    await first.scheduler.submit(pendingOf('e1', 'a', ['post']));
    expect(first.deadLetters.letters.map((letter) => letter.eventId)).toEqual(['e1']);

    // The next process reads the replayed record; its ledger holds the dead mark.
    const replay = deliveryHarness({ ledger: first.ledger });
    await replay.scheduler.submit(pendingOf('e1', 'a', ['post'], undefined, ['0:post']));
    // A process that died before its ledger write sends the record again from scratch.
    const restarted = deliveryHarness();
    await restarted.scheduler.submit(pendingOf('e1', 'a', ['post']));

    expect([first, replay, restarted].map(({ handlers }) => handlers.sends.map((s) => s.idempotencyKey))).toEqual([['e1:0:post'], ['e1:0:post'], ['e1:0:post']]);
  });
});

describe('DeliveryScheduler crash window', () => {
  it('holds at most maxInFlightPerOrigin sends to one receiver while another receiver goes on', async () => {
    const { handlers, scheduler } = deliveryHarness({ maxInFlight: 10, maxInFlightPerOrigin: 2 });
    const slow = manualAnswers();
    handlers.origin('post', (event) => (event.id.startsWith('slow') ? 'http://slow.example:8080' : 'http://fast.example'));
    handlers.script('post', (send) => (send.alertId.startsWith('slow') ? slow.script() : delivered));
    const slowSubmits = [0, 1, 2, 3, 4].map((i) => watch(scheduler.submit(pendingOf(`s${i}`, `slow-${i}`, ['post']))));
    const fastSubmits = [0, 1, 2].map((i) => watch(scheduler.submit(pendingOf(`f${i}`, `fast-${i}`, ['post']))));
    await flush();
    expect(slow.waiting()).toBe(2);
    expect(fastSubmits.map((w) => w.state())).toEqual(['resolved', 'resolved', 'resolved']);
    for (let answered = 0; answered < 5; answered++) {
      expect(slow.waiting()).toBeLessThanOrEqual(2);
      slow.answerNext();
      await flush();
    }
    expect(slowSubmits.map((w) => w.state())).toEqual(['resolved', 'resolved', 'resolved', 'resolved', 'resolved']);
    expect(handlers.sends.filter((s) => s.alertId.startsWith('slow')).map((s) => s.eventId)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('keeps a send slot until the delivery is in the ledger, so unrecorded deliveries never outnumber the slots', async () => {
    const ledger = new RecordingLedger();
    let ledgerAnswers = (): void => undefined;
    ledger.holdDelivered = new Promise<void>((resolve) => (ledgerAnswers = resolve));
    const { handlers, scheduler } = deliveryHarness({ maxInFlight: 1, ledger });
    const submits = ['a', 'b'].map((alertId, i) => watch(scheduler.submit(pendingOf(`e${i}`, alertId, ['post']))));
    await flush();
    // e0 was answered 2xx and waits for its ledger write; e1 must not be on the wire meanwhile.
    expect(handlers.sends.map((s) => s.eventId)).toEqual(['e0']);
    ledger.holdDelivered = undefined;
    ledgerAnswers();
    await flush();
    expect(handlers.sends.map((s) => s.eventId)).toEqual(['e0', 'e1']);
    expect(ledger.marks.map((mark) => mark.eventId)).toEqual(['e0', 'e1']);
    expect(submits.map((w) => w.state())).toEqual(['resolved', 'resolved']);
  });

  it('refuses a maxInFlightPerOrigin below one', () => {
    expect(() => deliveryHarness({ maxInFlightPerOrigin: 0 })).toThrow(RangeError);
  });
});
