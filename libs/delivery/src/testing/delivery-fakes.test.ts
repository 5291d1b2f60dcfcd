import { type DeliveryResult, type Handler, delivered, failed } from '@vigil/alert-handlers';
import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import type { DeadLetter, DeadLetterSink, DeliveryClock, DeliveryObserver, HandlerKey, PendingEvent, RetryPolicy, Settlement } from '../delivery-ports';
import { InMemoryDeliveryLedger } from '../ledger/in-memory-ledger';
import { pendingEventOf } from '../pending-event';
import { DeliveryScheduler } from '../scheduler/delivery-scheduler';

/** A clock that only moves when the test says so; sleepers wake in time order. */
export class ManualClock implements DeliveryClock {
  private sleepers: { at: number; wake: () => void }[] = [];

  constructor(private now = 1_700_000_000_000) {}

  nowMs(): number {
    return this.now;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = {
        at: this.now + ms,
        wake: (): void => {
          signal.removeEventListener('abort', sleeper.wake);
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
      };
      signal.addEventListener('abort', sleeper.wake, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  sleeping(): number {
    return this.sleepers.length;
  }

  /** Moves to the earliest wake-up time and wakes everything due; false when nobody sleeps. */
  wakeNext(): boolean {
    if (this.sleepers.length === 0) return false;
    const at = Math.min(...this.sleepers.map((s) => s.at));
    this.now = Math.max(this.now, at);
    for (const sleeper of this.sleepers.filter((s) => s.at <= this.now)) sleeper.wake();
    return true;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const sleeper of this.sleepers.filter((s) => s.at <= this.now)) sleeper.wake();
  }
}

/** Lets every promise chain that waits on nothing external run to its end. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Alternates flushing and waking sleepers until nothing sleeps any more. */
export async function runToIdle(clock: ManualClock, maxWakes = 10_000): Promise<void> {
  await flush();
  for (let i = 0; i < maxWakes && clock.wakeNext(); i++) await flush();
}

/** Watches a promise so a test can ask whether it settled yet, without awaiting it. */
export function watch(promise: Promise<void>): { state: () => 'pending' | 'resolved' | 'rejected'; error: () => unknown } {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let error: unknown;
  promise.then(
    () => (state = 'resolved'),
    (e: unknown) => {
      state = 'rejected';
      error = e;
    },
  );
  return { state: () => state, error: () => error };
}

export interface Send {
  readonly kind: string;
  readonly alertId: string;
  /** The test events carry their event id in the message. */
  readonly eventId: string;
  readonly attempt: number;
  readonly idempotencyKey: string | undefined;
  readonly alertJson: string | undefined;
}

export type Script = (send: Send, signal: AbortSignal | undefined) => DeliveryResult | Promise<DeliveryResult>;

/** Handlers whose outcome per attempt is scripted per kind; every send is recorded in order. */
export class ScriptedHandlers {
  readonly sends: Send[] = [];
  private readonly scripts = new Map<string, Script>();
  private readonly refusals = new Map<string, Error>();
  private readonly origins = new Map<string, (event: AlertEvent) => string | undefined>();

  script(kind: string, script: Script): this {
    this.scripts.set(kind, script);
    return this;
  }

  /** Gives handlers of `kind` a receiver origin per event (Handler.targetOrigin). */
  origin(kind: string, originOf: (event: AlertEvent) => string | undefined): this {
    this.origins.set(kind, originOf);
    return this;
  }

  /** Makes building a handler of `kind` throw, as a factory does for bad options. */
  refuse(kind: string, error: Error): this {
    this.refusals.set(kind, error);
    return this;
  }

  readonly build = (instruction: HandlerInstruction): Handler => {
    const refusal = this.refusals.get(instruction.kind);
    if (refusal) throw refusal;
    const originOf = this.origins.get(instruction.kind);
    return {
      kind: instruction.kind,
      ...(originOf ? { targetOrigin: originOf } : {}),
      send: async (event: AlertEvent, context) => {
        const send = { kind: instruction.kind, alertId: event.id, eventId: event.message, attempt: context.attempt, idempotencyKey: context.idempotencyKey, alertJson: context.alertJson };
        this.sends.push(send);
        const script = this.scripts.get(instruction.kind);
        return script ? script(send, context.signal) : delivered;
      },
    };
  };
}

/** A handler outcome that never comes until the attempt is aborted (a receiver that hangs). */
export function hang(signal: AbortSignal | undefined): Promise<DeliveryResult> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(failed(true, 'aborted')), { once: true }));
}

/** Fails the first `failures` attempts of every event (retryable), then delivers. */
export function failFirst(failures: number) {
  return ({ attempt }: { attempt: number }) => (attempt <= failures ? failed(true, `HTTP 503 on attempt ${attempt}`) : delivered);
}

export class RecordingDeadLetters implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];
  failWith: Error | undefined;

  async write(letter: DeadLetter): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.letters.push(letter);
  }
}

/** The in-memory ledger with a record of its writes and switchable failures. */
export class RecordingLedger extends InMemoryDeliveryLedger {
  readonly marks: { eventId: string; key: HandlerKey; settlement: Settlement }[] = [];
  failReads: Error | undefined;
  failWrites: Error | undefined;
  /** While set, markDelivered waits for this promise (a slow ledger). */
  holdDelivered: Promise<void> | undefined;

  override async settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined> {
    if (this.failReads) throw this.failReads;
    return super.settlement(eventId, key);
  }

  override async markDelivered(eventId: string, key: HandlerKey): Promise<void> {
    if (this.holdDelivered) await this.holdDelivered;
    if (this.failWrites) throw this.failWrites;
    this.marks.push({ eventId, key, settlement: 'delivered' });
    return super.markDelivered(eventId, key);
  }

  override async markDead(eventId: string, key: HandlerKey): Promise<void> {
    if (this.failWrites) throw this.failWrites;
    this.marks.push({ eventId, key, settlement: 'dead' });
    return super.markDead(eventId, key);
  }
}

export function instruction(kind: string): HandlerInstruction {
  return { kind, args: [], options: [] };
}

/**
 * An event of `alertId` whose message is its event id, for handlers `kinds` (keys `0:kind`, ...);
 * with `replayKeys`, the record `vigil dlq replay` re-publishes for those keys.
 */
export function pendingOf(eventId: string, alertId: string, kinds: readonly string[], timeMs = 1_699_999_999_000, replayKeys?: readonly HandlerKey[]): PendingEvent {
  return pendingEventOf({
    eventId,
    task: 'cpu',
    node: 'alert2',
    topic: 'ops',
    category: '',
    handlers: kinds.map(instruction),
    alert: {
      id: alertId,
      message: eventId,
      details: '',
      time: BigInt(timeMs) * 1_000_000n,
      duration: 0n,
      level: 'CRITICAL',
      previousLevel: 'OK',
      recoverable: true,
      series: [],
    },
    json: `{"id":"${alertId}","message":"${eventId}"}`,
  }, replayKeys);
}

/** A handler outcome the test hands over later, through the returned `answer`. */
export function answerLater(): { result: Promise<DeliveryResult>; answer: (result: DeliveryResult) => void } {
  let answer: (result: DeliveryResult) => void = () => undefined;
  const result = new Promise<DeliveryResult>((resolve) => (answer = resolve));
  return { result, answer };
}

export const policy: RetryPolicy = { maxAttempts: 5, maxAgeMs: 3_600_000, initialBackoffMs: 100, maxBackoffMs: 10_000, jitter: 0 };

/** A scheduler wired to a manual clock, recording fakes and scripted handlers. */
export function deliveryHarness(
  options: { policy?: RetryPolicy; maxInFlight?: number; maxInFlightPerOrigin?: number; observer?: DeliveryObserver; random?: () => number; ledger?: RecordingLedger } = {},
) {
  const clock = new ManualClock();
  const ledger = options.ledger ?? new RecordingLedger();
  const deadLetters = new RecordingDeadLetters();
  const handlers = new ScriptedHandlers();
  const scheduler = new DeliveryScheduler({
    ledger,
    deadLetters,
    buildHandler: handlers.build,
    clock,
    random: options.random ?? (() => 0.5),
    policy: options.policy ?? policy,
    maxInFlight: options.maxInFlight,
    maxInFlightPerOrigin: options.maxInFlightPerOrigin,
    observer: options.observer,
  });
  return { clock, ledger, deadLetters, handlers, scheduler };
}
