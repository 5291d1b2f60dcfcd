import { setImmediate as nextTurn } from 'node:timers/promises';

/** How many points (or ticks) a replay computes before it looks at the clock. */
const CHECK_EVERY = 256;
/** The longest a replay computes without giving timers and I/O a turn. */
const TURN_AFTER_MS = 50;
/** The most points (or ticks) between two turns, however fast they are. */
const TURN_EVERY = 4_096;

/**
 * Gives the event loop a real turn (a macrotask) during a long replay. `for await` over points in
 * memory yields only to microtasks, so without it no timer fires while a replay computes: the
 * evaluator's run-lease renewal (every 10 s, lease 30 s) would wait, ingest would write the
 * replay failed, and the partitions' work would stall. A turn comes after TURN_AFTER_MS of compute
 * or TURN_EVERY steps, whichever is first; the clock is read every CHECK_EVERY steps only.
 */
export class EventLoopTurns {
  private unchecked = 0;
  private sinceTurn = 0;
  private since = performance.now();

  /**
   * Counts `steps` (a point, a tick, a batch's points); a promise of the next turn of the event
   * loop when one is due, undefined otherwise (so a caller awaits only when it must).
   */
  step(steps = 1): Promise<void> | undefined {
    this.unchecked += steps;
    if (this.unchecked < CHECK_EVERY) return undefined;
    this.sinceTurn += this.unchecked;
    this.unchecked = 0;
    if (this.sinceTurn < TURN_EVERY && performance.now() - this.since < TURN_AFTER_MS) return undefined;
    return this.turn();
  }

  private async turn(): Promise<void> {
    await nextTurn();
    this.sinceTurn = 0;
    this.since = performance.now();
  }
}
