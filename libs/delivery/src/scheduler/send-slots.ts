import { InFlightLimit } from './in-flight-limit';

/** Gives back what `SendSlots.acquire` took; call exactly once. */
export type ReleaseSlots = () => void;

/**
 * The two bounds on sends in flight: over all lanes, and per receiver origin. A send holds its
 * slots from before the request until its outcome is recorded (a delivery in the ledger), so the
 * sends whose outcome a crash could lose never outnumber the slots: at most `maxInFlight` in
 * all, at most `maxPerOrigin` to any one receiver, which are also the notifications a SIGKILL can
 * make a receiver see twice.
 *
 * The origin's slot is taken first: a send waiting for a busy receiver then holds no slot that a
 * send to another receiver could use. A receiver's limit exists only while some send holds or
 * awaits it, so a templated URL naming many hosts leaves nothing behind.
 */
export class SendSlots {
  private readonly all: InFlightLimit;
  private readonly origins = new Map<string, { readonly limit: InFlightLimit; users: number }>();

  constructor(
    maxInFlight: number,
    private readonly maxPerOrigin: number,
  ) {
    this.all = new InFlightLimit(maxInFlight);
    if (!Number.isInteger(maxPerOrigin) || maxPerOrigin < 1) throw new RangeError(`maxInFlightPerOrigin must be a positive integer, got ${maxPerOrigin}`);
  }

  /**
   * Resolves once a slot over all lanes and one of `origin` (when given) are held; rejects with
   * DeliveryStoppedError, holding nothing, if `signal` aborts first.
   */
  async acquire(origin: string | undefined, signal: AbortSignal): Promise<ReleaseSlots> {
    if (origin === undefined) {
      await this.all.acquire(signal);
      return () => this.all.release();
    }
    const entry = this.originEntry(origin);
    entry.users++;
    try {
      await entry.limit.acquire(signal);
    } catch (error) {
      this.leave(origin, entry);
      throw error;
    }
    try {
      await this.all.acquire(signal);
    } catch (error) {
      entry.limit.release();
      this.leave(origin, entry);
      throw error;
    }
    return () => {
      this.all.release();
      entry.limit.release();
      this.leave(origin, entry);
    };
  }

  /** Sends holding a slot over all lanes right now. */
  inFlight(): number {
    return this.all.inFlight();
  }

  /** Origins that some send holds or awaits a slot of. */
  originsInUse(): number {
    return this.origins.size;
  }

  private originEntry(origin: string): { readonly limit: InFlightLimit; users: number } {
    let entry = this.origins.get(origin);
    if (entry === undefined) {
      entry = { limit: new InFlightLimit(this.maxPerOrigin), users: 0 };
      this.origins.set(origin, entry);
    }
    return entry;
  }

  private leave(origin: string, entry: { users: number }): void {
    entry.users--;
    if (entry.users === 0) this.origins.delete(origin);
  }
}
