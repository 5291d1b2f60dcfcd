import type { DeliveryTarget, PendingEvent } from '../delivery-ports';
import { DeliveryStoppedError } from './delivery-stopped-error';

/**
 * The delivery of one (event, handler) pair, shared by every submit that asked for it. It is
 * cancelled when the last submit waiting for it gives up, so a pair nobody waits for any more
 * does not keep a lane busy.
 *
 * Cancelling ends the pair's waits (its turn in the lane, a send slot, a backoff) at once but
 * lets an attempt already in flight run to the receiver's answer (bounded by the handler's own
 * timeout), so that a send the receiver may already have acted on is recorded instead of being
 * repeated by the partition's next owner. Only stop() cuts an attempt in flight.
 */
export class PairJob {
  readonly done: Promise<void>;
  private readonly waits = new AbortController();
  private readonly sends = new AbortController();
  private holders = 0;
  private started = false;
  private finished = false;
  private resolveDone!: () => void;
  private rejectDone!: (error: unknown) => void;

  constructor(
    readonly pending: PendingEvent,
    readonly target: DeliveryTarget,
    private readonly onCancel: () => void,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  /** Aborted when the pair is cancelled or stopped: ends its waits, never an attempt in flight. */
  get signal(): AbortSignal {
    return this.waits.signal;
  }

  /** Aborted only by stop(): cuts an attempt in flight. */
  get sendSignal(): AbortSignal {
    return this.sends.signal;
  }

  /** Cancelled or stopped: a new submit of the pair must not join it. */
  get isCancelled(): boolean {
    return this.waits.signal.aborted;
  }

  hold(): void {
    this.holders++;
  }

  /** Drops one submit's interest; true when it was the last, which cancels the pair. */
  release(): boolean {
    this.holders--;
    if (this.holders > 0) return false;
    this.cancel();
    return true;
  }

  /** Called when the pair reaches the head of its lane; false when it was cancelled first. */
  start(): boolean {
    if (this.finished) return false;
    this.started = true;
    return true;
  }

  /** A pair not started yet ends now; a started one ends at its next wait or after its attempt. */
  cancel(): void {
    if (this.finished || this.waits.signal.aborted) return;
    this.waits.abort();
    if (this.started) return;
    this.finished = true;
    this.rejectDone(new DeliveryStoppedError());
    this.onCancel();
  }

  /** Cancels the pair and cuts its attempt in flight. */
  stop(): void {
    this.cancel();
    this.sends.abort();
  }

  settle(): void {
    if (this.finished) return;
    this.finished = true;
    this.resolveDone();
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.rejectDone(error);
  }
}
