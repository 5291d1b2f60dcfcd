import { type DeliveryResult, type Handler, backoffDelay, failed } from '@vigil/alert-handlers';
import type { AlertEvent } from '@vigil/core';
import type { DeliveryClock, DeliveryObserver, RetryPolicy } from '../delivery-ports';
import { DeliveryStoppedError } from '../scheduler/delivery-stopped-error';
import type { SendSlots } from '../scheduler/send-slots';

const DEFAULT_JITTER = 0.5;

export interface RetryStageOptions {
  readonly clock: DeliveryClock;
  readonly random: () => number;
  readonly policy: RetryPolicy;
  readonly slots: SendSlots;
  readonly observer?: DeliveryObserver;
  /** Called with +1 when a pair starts waiting for its backoff and -1 when it stops. */
  readonly waiting: (delta: 1 | -1) => void;
}

/** How the attempts at one pair ended. */
export type RetryOutcome =
  | { readonly status: 'delivered'; readonly attempts: number }
  | {
      readonly status: 'dead';
      readonly reason: string;
      readonly retryable: boolean;
      readonly attempts: number;
      readonly firstAttemptMs: number;
      readonly lastAttemptMs: number;
    };

/** What is sent: the event, and what stays the same on every attempt at the pair. */
export interface PairSend {
  readonly event: AlertEvent;
  /** Handed to the handler on every attempt (SendContext.idempotencyKey). */
  readonly idempotencyKey: string;
  /** The event's alert JSON as stored, handed to the handler (SendContext.alertJson). */
  readonly alertJson: string;
  /** The receiver's origin, for the per-origin bound on sends in flight; undefined for none. */
  readonly origin: string | undefined;
  /**
   * Records the delivery (the ledger mark). It runs while the attempt still holds its send slots,
   * so a send whose success is not recorded yet counts against the bound on sends in flight.
   */
  readonly recordDelivered: () => Promise<void>;
}

/** The two ways a pair's delivery is cut short. */
export interface PairSignals {
  /** Ends the waits (for a send slot, for a backoff) at once; an attempt in flight still runs. */
  readonly waits: AbortSignal;
  /** Handed to the handler: cuts an attempt in flight. */
  readonly sends: AbortSignal;
}

/**
 * Sends one event to one handler until it is delivered, fails for good, or runs out of attempts
 * or age (Alertmanager's retry stage: the notifier says whether retrying can help, the stage
 * decides when). Throws DeliveryStoppedError once `signals.waits` aborts, except that an attempt
 * in flight then still ends and a delivery it made is recorded and returned. A failed attempt
 * that ends after the abort is not counted, since it may have been cut short. Throws what
 * `pair.recordDelivered` throws.
 */
export async function deliverWithRetry(handler: Handler, pair: PairSend, signals: PairSignals, options: RetryStageOptions): Promise<RetryOutcome> {
  const { clock, policy, observer } = options;
  const signal = signals.waits;
  const maxAttempts = Math.max(1, policy.maxAttempts);
  let firstAttemptMs: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const release = await options.slots.acquire(pair.origin, signal);
    const startedMs = clock.nowMs();
    firstAttemptMs ??= startedMs;
    let result: DeliveryResult;
    try {
      result = await sendOnce(handler, pair, attempt, signals.sends);
      if (result.status === 'delivered') {
        observer?.attempted?.(handler.kind, 'delivered', attempt);
        await pair.recordDelivered();
        return { status: 'delivered', attempts: attempt };
      }
    } finally {
      release();
    }
    if (signal.aborted) throw new DeliveryStoppedError();
    const delayMs = result.retryable && attempt < maxAttempts ? nextDelay(attempt, options) : undefined;
    // No attempt starts later than maxAgeMs after the first, so a pair whose next try would fall
    // past that is dead-lettered now instead of after a pointless wait.
    const retry = delayMs !== undefined && clock.nowMs() + delayMs - firstAttemptMs <= policy.maxAgeMs;
    observer?.attempted?.(handler.kind, retry ? 'retry' : 'failed', attempt);
    if (!retry) {
      return { status: 'dead', reason: result.reason, retryable: result.retryable, attempts: attempt, firstAttemptMs, lastAttemptMs: startedMs };
    }
    options.waiting(1);
    try {
      await clock.sleep(delayMs, signal);
    } finally {
      options.waiting(-1);
    }
    if (signal.aborted) throw new DeliveryStoppedError();
  }
}

/**
 * A handler must not throw for a delivery failure; one that does has a bug that may depend on
 * the event or the moment, so the throw is treated like any transient failure and retried.
 */
async function sendOnce(handler: Handler, pair: PairSend, attempt: number, signal: AbortSignal): Promise<DeliveryResult> {
  try {
    return await handler.send(pair.event, { attempt, signal, idempotencyKey: pair.idempotencyKey, alertJson: pair.alertJson });
  } catch (error) {
    return failed(true, `${handler.kind} handler threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function nextDelay(attempt: number, options: RetryStageOptions): number {
  const { policy } = options;
  return backoffDelay(attempt, {
    base: policy.initialBackoffMs,
    max: policy.maxBackoffMs,
    jitter: policy.jitter ?? DEFAULT_JITTER,
    random: options.random,
  });
}
