import { DeliveryStoppedError } from './delivery-stopped-error';

/**
 * Bounds concurrent sends over all lanes. Slots are granted in request order, and a lane holds
 * one only for the duration of a send, never while it waits for a backoff, so a down receiver
 * costs at most the sends that are actually hanging on it.
 */
export class InFlightLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

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
      const grant = (): void => {
        signal.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new DeliveryStoppedError());
      };
      signal.addEventListener('abort', abandon, { once: true });
      this.waiting.push(grant);
    });
  }

  /** Hands the slot to the longest waiter, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  inFlight(): number {
    return this.active;
  }
}
