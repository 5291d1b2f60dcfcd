import type { AlertEvent } from '@vigil/core';

/**
 * The outcome of one delivery attempt. A handler never throws for a delivery failure: it says
 * whether trying again can help (Alertmanager's notifier contract), so retry and dead-lettering
 * stay shared stages outside the handler.
 */
export type DeliveryResult =
  | { readonly status: 'delivered' }
  | { readonly status: 'failed'; readonly retryable: boolean; readonly reason: string };

/** One structured log line; keys are fixed by the caller's logger (handler, task, ...). */
export type HandlerLog = (line: Readonly<Record<string, string | number | boolean>>) => void;

/** Per-attempt facts a handler may use; typed, never an untyped bag of values. */
export interface SendContext {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Cancels an attempt in flight (shutdown); a cancelled attempt fails as retryable. */
  readonly signal?: AbortSignal;
  /** Where a handler reports what the caller should see beside the result (e.g. a captured body). */
  readonly log?: HandlerLog;
  /**
   * The same for every attempt at one (event, handler) pair, in any notifier process and after a
   * dead-letter replay, and different for every other pair: HTTP handlers send it as the
   * `Idempotency-Key` header, so a receiver can drop a repeat (docs/notifier.md).
   */
  readonly idempotencyKey?: string;
  /**
   * Kapacitor's alert JSON of the event as it was stored (the alerts-topic value, which
   * `encodeAlertEvent` wrote and which decodes to this event). A handler whose body is that JSON
   * sends it as is rather than encoding the event again: in a burst the encoding was ~4 % of
   * `vigil serve`'s CPU per delivery (issue 15). Undefined when the caller has no stored form.
   */
  readonly alertJson?: string;
}

export interface Handler {
  /** Kapacitor's handler name, e.g. `post`. */
  readonly kind: string;
  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult>;
  /**
   * Where a send of this event goes, as a URL origin (e.g. `https://hooks.example.com`), so the
   * scheduler can bound the sends in flight to one receiver; undefined when the handler does not
   * send to a network receiver or cannot tell.
   */
  targetOrigin?(event: AlertEvent): string | undefined;
}

export const delivered: DeliveryResult = { status: 'delivered' };

export function failed(retryable: boolean, reason: string): DeliveryResult {
  return { status: 'failed', retryable, reason };
}
