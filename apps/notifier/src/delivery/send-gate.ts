import { failed, type DeliveryResult, type Handler, type SendContext } from '@vigil/alert-handlers';
import type { AlertEvent } from '@vigil/core';

/**
 * Lets a stopping notifier finish the sends it started instead of cutting them short. Stopping
 * the scheduler aborts attempts in flight, and an attempt the target had already accepted would
 * be sent again by the next owner; closing the gate first lets those attempts end (and be
 * recorded in the ledger) while new attempts wait, unsent, until the scheduler's stop aborts them.
 * An attempt cut short by an abort is not counted as a failure, so the waiting ones cost nothing.
 */
export class SendGate {
  private inFlight = 0;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];

  /** The handler with its sends counted and, once the gate closes, held back. */
  wrap(handler: Handler): Handler {
    return { kind: handler.kind, send: (event, context) => this.send(handler, event, context) };
  }

  /** Holds new sends and resolves once the sends in progress ended, or after `timeoutMs`. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    if (this.inFlight === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  sendsInFlight(): number {
    return this.inFlight;
  }

  private async send(handler: Handler, event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const { signal } = context;
    if (this.closed && signal) {
      await new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return failed(true, 'notifier stopping: not sent');
    }
    this.inFlight += 1;
    try {
      return await handler.send(event, context);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
