import { DeliveryStoppedError } from './delivery-stopped-error';
import { FifoQueue } from './fifo-queue';

/**
 * Bounds concurrent sends (over all lanes, or to one receiver: SendSlots). Slots are granted in
 * request order, and a lane holds one only for the duration of a send and the ledger write of its
 * delivery, never while it waits for a backoff, so a down receiver costs at most the sends that
 * are actually hanging on it.
 */
export class InFlightLimit {
  private active = 0;
  /** Waiters in request order; one that gave up stays queued, marked, and is passed over. */
  private readonly waiting = new FifoQueue<{ grant: () => void; abandoned: boolean }>();

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${max}`);
  }

  /** Resolves once a slot is held; rejects with DeliveryStoppedError if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new DeliveryStoppedError());
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        abandoned: false,
        grant: (): void => {
          signal.removeEventListener('abort', abandon);
          resolve();
        },
      };
      const abandon = (): void => {
        waiter.abandoned = true;
        reject(new DeliveryStoppedError());
      };
      signal.addEventListener('abort', abandon, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot to the longest waiter, or frees it. */
  release(): void {
    for (let next = this.waiting.take(); next !== undefined; next = this.waiting.take()) {
      if (next.abandoned) continue;
      next.grant();
      return;
    }
    this.active--;
  }

  inFlight(): number {
    return this.active;
  }
}
