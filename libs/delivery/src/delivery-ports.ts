import type { Handler } from '@vigil/alert-handlers';
import type { AlertEvent, HandlerInstruction } from '@vigil/core';

/**
 * The contract between the notifier's transports (Kafka + Redis when distributed, files when
 * standalone) and the delivery stages. Everything here is plain data or a port; the stages never
 * read a clock, a random source or the environment themselves.
 */

/**
 * Which handler of an event a delivery is for: the instruction's index in the event's handler
 * list and its kind, e.g. `0:post`. One alert node always writes the same list, so the key is
 * stable across replays and is half of the dedup key (event id, handler key).
 */
export type HandlerKey = string;

export function handlerKeyOf(index: number, instruction: HandlerInstruction): HandlerKey {
  return `${index}:${instruction.kind}`;
}

/**
 * The idempotency key of one (event, handler) pair, sent by HTTP handlers as `Idempotency-Key`:
 * `<event id>:<handler key>`, the ledger's own identity of the pair. The event id is derived by
 * the evaluator from the record that caused the event and travels unchanged through the alerts
 * topic, the dead-letter topic and `vigil dlq replay`, and the handler key is the instruction's
 * place in the alert node's list, so every repeat of the pair carries the same key, after a
 * crash, on another notifier, or from a replay. The handler key makes the key per handler: one
 * event sent to two handlers of one receiver (two `.post()`s to one service) is two
 * notifications, not a repeat.
 */
export function idempotencyKeyOf(eventId: string, key: HandlerKey): string {
  return `${eventId}:${key}`;
}

/** One delivery target of an event: a handler instruction and its key. */
export interface DeliveryTarget {
  readonly key: HandlerKey;
  readonly instruction: HandlerInstruction;
}

/** An alert event as the notifier received it, ready to be delivered. */
export interface PendingEvent {
  /** Deterministic id from the evaluator (header `vigil-event-id`); the dedup key's first half. */
  readonly eventId: string;
  /** The event with its handler instructions; `event.id` is the alert id that orders deliveries. */
  readonly event: AlertEvent;
  /** Kapacitor's alert JSON exactly as it travelled (kept for dead letters). */
  readonly json: string;
  /** The targets to deliver to: usually every instruction of the event, fewer on a DLQ replay. */
  readonly targets: readonly DeliveryTarget[];
  /**
   * True for a record re-published by `vigil dlq replay`: a target the ledger holds as `dead` is
   * delivered again instead of skipped (one held as `delivered` is still skipped). The replay
   * leaves the dead mark in place, so a crash anywhere in it loses nothing.
   */
  readonly redeliverDead: boolean;
  /**
   * When vigil accepted the point that caused the event, ms since the epoch (the alerts record's
   * `vigil-accepted-ms` header); undefined for events of ticks (deadman) and older records.
   */
  readonly acceptedMs?: number;
  /**
   * The Kapacitor replay that raised the event (header `vigil-replay-id`): its task master, whose
   * anonymous topic is not the live one, so the live topic's handlers do not get it.
   */
  readonly replayId?: string;
}

/** What finally happened to one (event, handler) pair. */
export type Settlement = 'delivered' | 'dead';

/**
 * Remembers settled (event id, handler key) pairs so that a repeat (redelivered record, replayed
 * partition, restarted process) is skipped; a `dead` pair is delivered again only when a DLQ
 * replay asks for it (PendingEvent.redeliverDead). A pair is marked only after the fact it
 * records: a crash between a successful send and `markDelivered` resends that event on restart,
 * with the same idempotency key (at most the sends holding a slot: DeliveryScheduler).
 * `@vigil/testing`'s `deliveryLedgerConformance` is the contract every implementation runs.
 */
export interface DeliveryLedger {
  settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined>;
  /** Unconditional: a send that succeeded is a fact, even after a dead mark (a replay got it through). */
  markDelivered(eventId: string, key: HandlerKey): Promise<void>;
  /** Only for a pair not settled yet: a delivered pair stays delivered, a dead one keeps its first mark. */
  markDead(eventId: string, key: HandlerKey): Promise<void>;
  /**
   * Forgets a dead pair (an operator's repair; `vigil dlq replay` no longer needs it, as a replayed
   * record is delivered to dead pairs anyway).
   */
  clearDead(eventId: string, key: HandlerKey): Promise<void>;
}

/** An event that one handler could not take, with why; written to the dead-letter topic or file. */
export interface DeadLetter {
  readonly eventId: string;
  readonly alertId: string;
  readonly task: string;
  readonly node: string;
  readonly target: DeliveryTarget;
  /** The Kapacitor JSON as it travelled. */
  readonly json: string;
  /** The whole event's handler list, so a replay can rebuild the routing headers. */
  readonly handlers: readonly HandlerInstruction[];
  readonly topic: string;
  readonly category: string;
  /** The last failure's reason (secrets already redacted by the handler). */
  readonly reason: string;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly firstAttemptMs: number;
  readonly lastAttemptMs: number;
}

export interface DeadLetterSink {
  /** Resolves once the letter is durable (acked by Kafka, flushed to disk). */
  write(letter: DeadLetter): Promise<void>;
}

/** Time for the retry stage: a clock and a cancellable sleep. Tests drive a fake one. */
export interface DeliveryClock {
  nowMs(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface RetryPolicy {
  /** Attempts per (event, handler) before it is dead-lettered, the first one included. */
  readonly maxAttempts: number;
  /** Age since the first attempt past which no further attempt is made. */
  readonly maxAgeMs: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /**
   * Fraction of each backoff drawn at random (0 none, 1 full jitter), so that notifiers retrying
   * one receiver spread out. Default 0.5.
   */
  readonly jitter?: number;
}

/** Builds the handler for one instruction, or throws HandlerOptionError (dead-lettered at once). */
export type HandlerFactory = (instruction: HandlerInstruction) => Handler;

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

/** The times of one successful delivery, ms since the epoch, for latency measures. */
export interface DeliveryTimes {
  /** The event's own time: the time of the point that caused it, whatever that point carried. */
  readonly eventTimeMs: number;
  /** When vigil accepted that point (PendingEvent.acceptedMs); undefined when unknown. */
  readonly acceptedMs: number | undefined;
  /** When the delivery succeeded. */
  readonly deliveredMs: number;
}

/** Hooks for metrics and logs; every method optional so tests pass only what they check. */
export interface DeliveryObserver {
  attempted?(kind: string, outcome: AttemptOutcome, attempt: number): void;
  delivered?(kind: string, times: DeliveryTimes): void;
  skipped?(kind: string, settlement: Settlement): void;
  deadLettered?(letter: DeadLetter): void;
  /** Pairs waiting for a retry right now. */
  retryDepth?(depth: number): void;
}
