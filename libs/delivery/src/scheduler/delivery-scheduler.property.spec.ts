import { type DeliveryResult, delivered, failed } from '@vigil/alert-handlers';
import fc from 'fast-check';
import { deliveryHarness, flush, pendingOf, policy, runToIdle, watch } from '../testing/delivery-fakes.test';

type Outcome = 'ok' | 'retry' | 'fail' | 'throw';
const KINDS = ['post', 'log', 'tcp'] as const;
const MAX_ATTEMPTS = 4;

const eventArb = fc.record({
  alertId: fc.constantFrom('a', 'b', 'c'),
  kinds: fc.subarray([...KINDS], { minLength: 1 }),
  outcomes: fc.record({
    post: fc.array(fc.constantFrom<Outcome>('ok', 'retry', 'fail', 'throw'), { maxLength: 6 }),
    log: fc.array(fc.constantFrom<Outcome>('ok', 'retry', 'fail', 'throw'), { maxLength: 6 }),
    tcp: fc.array(fc.constantFrom<Outcome>('ok', 'retry', 'fail', 'throw'), { maxLength: 6 }),
  }),
});

/** What the retry rules say must happen to a pair whose attempts go as `outcomes` (then 'ok'). */
function expectedFate(outcomes: readonly Outcome[]): { settlement: 'delivered' | 'dead'; sends: number } {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const outcome = outcomes[attempt - 1] ?? 'ok';
    if (outcome === 'ok') return { settlement: 'delivered', sends: attempt };
    if (outcome === 'fail') return { settlement: 'dead', sends: attempt };
  }
  return { settlement: 'dead', sends: MAX_ATTEMPTS };
}

describe('DeliveryScheduler property', () => {
  it('settles every pair exactly once and keeps each lane in submit order, whatever the attempts do', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (events, repeats, maxInFlight) => {
          const { clock, ledger, deadLetters, handlers, scheduler } = deliveryHarness({
            policy: { ...policy, maxAttempts: MAX_ATTEMPTS, jitter: 1 },
            maxInFlight,
            random: () => 0.3,
          });
          const byId = new Map(events.map((event, i) => [`e${i}`, event]));
          for (const kind of KINDS) {
            handlers.script(kind, async (send): Promise<DeliveryResult> => {
              const outcome = byId.get(send.eventId)?.outcomes[kind][send.attempt - 1] ?? 'ok';
              // Some sends finish a few turns later, so lanes interleave differently each run.
              for (let i = 0; i < send.attempt % 3; i++) await Promise.resolve();
              if (outcome === 'throw') throw new Error('handler bug');
              return outcome === 'ok' ? delivered : failed(outcome === 'retry', `${outcome} on ${send.attempt}`);
            });
          }
          const pendings = events.map((event, i) => pendingOf(`e${i}`, event.alertId, event.kinds));
          const submits = pendings.map((pending) => watch(scheduler.submit(pending)));
          await flush();
          // Repeats arrive while their pair is queued or after it settled: neither may send again.
          for (const index of repeats) {
            const pending = pendings[index % pendings.length];
            if (pending) submits.push(watch(scheduler.submit(pending)));
          }
          await runToIdle(clock);

          expect(submits.every((s) => s.state() === 'resolved')).toBe(true);
          expect(scheduler.queued()).toBe(0);
          const marks = new Map<string, string[]>();
          for (const mark of ledger.marks) marks.set(`${mark.eventId}/${mark.key}`, [...(marks.get(`${mark.eventId}/${mark.key}`) ?? []), mark.settlement]);
          const lanes = new Map<string, string[]>();
          for (const pending of pendings) {
            const event = byId.get(pending.eventId);
            if (!event) throw new Error('unknown event');
            for (const target of pending.targets) {
              const fate = expectedFate(event.outcomes[target.instruction.kind as (typeof KINDS)[number]]);
              expect(marks.get(`${pending.eventId}/${target.key}`)).toEqual([fate.settlement]);
              const sends = handlers.sends.filter((s) => s.eventId === pending.eventId && s.kind === target.instruction.kind);
              expect(sends.map((s) => s.attempt)).toEqual(Array.from({ length: fate.sends }, (_, i) => i + 1));
              const letters = deadLetters.letters.filter((l) => l.eventId === pending.eventId && l.target.key === target.key);
              expect(letters).toHaveLength(fate.settlement === 'dead' ? 1 : 0);
              const lane = `${pending.event.id}/${target.key}`;
              lanes.set(lane, [...(lanes.get(lane) ?? []), pending.eventId]);
            }
          }
          expect(ledger.marks).toHaveLength([...marks.values()].length);
          // Within a lane, sends of one event are contiguous and events go in submit order.
          for (const [lane, order] of lanes) {
            const [alertId, key] = lane.split('/');
            const kind = key?.split(':')[1];
            const inLane = handlers.sends.filter((s) => s.alertId === alertId && s.kind === kind && pendings.find((p) => p.eventId === s.eventId)?.targets.some((t) => t.key === key));
            const sequence = inLane.map((s) => s.eventId).filter((id, i, all) => i === 0 || all[i - 1] !== id);
            expect(sequence).toEqual(order);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
