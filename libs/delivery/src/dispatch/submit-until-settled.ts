import { DeliveryStoppedError } from '../scheduler/delivery-stopped-error';

export interface ResubmitOptions {
  /** Ends the tries: once it aborts, the call resolves false (as on a DeliveryStoppedError). */
  readonly signal: AbortSignal;
  /** Resolves after `ms`, or early when `signal` aborts (DeliveryClock.sleep). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The wait after the first failure; it doubles with each further one, up to maxRetryMs. */
  readonly retryMs: number;
  readonly maxRetryMs: number;
  /** Each failure, and each success (the first after failures ends an outage in the log). */
  readonly failed: (error: unknown) => void;
  readonly succeeded: () => void;
}

/**
 * Submits one event to the DeliveryScheduler until it is settled, for both notifiers (the
 * distributed one's AlertDispatcher, `vigil serve`'s NotificationLoop). A rejection other than
 * DeliveryStoppedError is the ledger's or the dead-letter sink's failure: the event is not
 * settled, so nothing past it may be committed, and it is submitted again after a backoff (the
 * ledger skips the pairs settled meanwhile). Resolves true once settled, false when stopped first.
 */
export async function submitUntilSettled(submit: () => Promise<void>, options: ResubmitOptions): Promise<boolean> {
  const { signal, sleep, failed, succeeded } = options;
  let wait = options.retryMs;
  while (!signal.aborted) {
    try {
      // After an abort the submit still resolves when the attempts in flight settled the event.
      await submit();
      succeeded();
      return true;
    } catch (error) {
      if (error instanceof DeliveryStoppedError || signal.aborted) return false;
      failed(error);
    }
    await sleep(wait, signal);
    wait = Math.min(wait * 2, options.maxRetryMs);
  }
  return false;
}
