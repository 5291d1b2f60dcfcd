import type { DeliveryResult, Handler, SendContext } from '@vigil/alert-handlers';
import type { AlertEvent } from '@vigil/core';

/** Where outage changes are reported: one call when a target starts failing, one when it is back. */
export interface OutageLog {
  outageStarted(handler: string, target: string, reason: string): void;
  outageEnded(handler: string, target: string, failedAttempts: number): void;
}

/**
 * Wraps one handler and notices when its target goes down (a retryable failure after a success
 * or at start) and comes back (the next delivery), so the notifier and `vigil serve` log an outage as two lines
 * rather than one line per failed event. Only an attempt sent after the outage began can end it:
 * when a target goes down with attempts in flight, one whose answer had already arrived may
 * settle after others failed, and that says nothing about the target being back.
 */
export class OutageWatch implements Handler {
  readonly kind: string;
  private failedAttempts = 0;
  /** Counts outages begun; an attempt remembers the count it was sent under. */
  private outages = 0;

  constructor(
    private readonly inner: Handler,
    private readonly target: string,
    private readonly log: OutageLog,
  ) {
    this.kind = inner.kind;
  }

  async send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const sentDuring = this.outages;
    const result = await this.inner.send(event, context);
    if (result.status === 'delivered') {
      if (this.failedAttempts > 0 && sentDuring === this.outages) {
        this.log.outageEnded(this.kind, this.target, this.failedAttempts);
        this.failedAttempts = 0;
      }
    } else if (result.retryable && !context.signal?.aborted) {
      if (this.failedAttempts === 0) {
        this.outages += 1;
        this.log.outageStarted(this.kind, this.target, result.reason);
      }
      this.failedAttempts += 1;
    }
    return result;
  }

  targetOrigin(event: AlertEvent): string | undefined {
    return this.inner.targetOrigin?.(event);
  }
}
