import type { DeliveryTarget, PendingEvent } from '../delivery-ports';
import { DeliveryStoppedError } from './delivery-stopped-error';

/**
 * The delivery of one (event, handler) pair, shared by every submit that asked for it. It is
 * cancelled when the last submit waiting for it gives up, so a pair nobody waits for any more
 * does not keep a lane busy.
 */
export class PairJob {
  readonly done: Promise<void>;
  private readonly controller = new AbortController();
  private holders = 0;
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

  /** Aborted when the pair is cancelled: ends backoff sleeps and attempts in flight. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  hold(): void {
    this.holders++;
  }

  release(): void {
    this.holders--;
    if (this.holders <= 0) this.cancel();
  }

  cancel(): void {
    if (this.finished) return;
    this.finished = true;
    this.controller.abort();
    this.rejectDone(new DeliveryStoppedError());
    this.onCancel();
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
