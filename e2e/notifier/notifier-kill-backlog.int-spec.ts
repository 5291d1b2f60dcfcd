import { DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN } from '@vigil/delivery';
import { describeFigures, runKillBacklog } from './support/kill-backlog';

/**
 * Issue 11, item 3: the notifier SIGKILLed three times while it drains a backlog to one HTTP
 * receiver that acts on every request it gets, and restarted each time. Nothing is missing; a
 * kill repeats at most the sends that were in flight to that receiver (DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN,
 * default 32, while DELIVERY_MAX_IN_FLIGHT is 64), and every repeat carries the Idempotency-Key
 * of its original, which no other event shares, so the receiver can drop it.
 */
describe('SIGKILL of the notifier while a backlog drains', () => {
  it('loses nothing and repeats at most the sends in flight per kill, each with its original key', async () => {
    const kills = 3;
    const figures = await runKillBacklog({ events: 3_000, alertIds: 300, kills });
    console.log(describeFigures(figures, `default limits (${DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN} per origin, 64 in all)`));
    expect(figures.missing).toBe(0);
    expect(figures.keyedDuplicates).toBe(figures.duplicated);
    expect(figures.sharedKeys).toBe(0);
    expect(figures.duplicated).toBeLessThanOrEqual(kills * DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN);
    expect(figures.received).toBe(figures.events + figures.duplicated);
  });
});
