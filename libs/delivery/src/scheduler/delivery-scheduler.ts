import { type Handler, HandlerOptionError } from '@vigil/alert-handlers';
import type {
  DeadLetter,
  DeadLetterSink,
  DeliveryClock,
  DeliveryLedger,
  DeliveryObserver,
  DeliveryTarget,
  HandlerFactory,
  PendingEvent,
  RetryPolicy,
} from '../delivery-ports';
import { idempotencyKeyOf } from '../delivery-ports';
import { type RetryOutcome, deliverWithRetry } from '../retry/retry.stage';
import { DeliveryStoppedError } from './delivery-stopped-error';
import { Lane } from './lane';
import { PairJob } from './pair-job';
import { SendSlots } from './send-slots';

export interface DeliverySchedulerOptions {
  readonly ledger: DeliveryLedger;
  readonly deadLetters: DeadLetterSink;
  readonly buildHandler: HandlerFactory;
  readonly clock: DeliveryClock;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  readonly policy: RetryPolicy;
  /** Concurrent sends over all lanes, default 64. */
  readonly maxInFlight?: number;
  /**
   * Concurrent sends to one receiver origin (Handler.targetOrigin), default 32: the most
   * notifications a crash can make one receiver see twice.
   */
  readonly maxInFlightPerOrigin?: number;
  readonly observer?: DeliveryObserver;
}

type DeadOutcome = Omit<Extract<RetryOutcome, { status: 'dead' }>, 'status'>;

/**
 * A send holds its slots for its request and the ledger write of its delivery (a Redis round trip,
 * or an fsync when standalone), about 1-3 ms on one machine, so slots / that time bounds the rate
 * to one receiver: 32 allow a burst to drain at 10,000 deliveries/s and more, where 8 held it near
 * 3,000. The price is the bound on what a crash repeats (DeliverySchedulerOptions).
 */
const DEFAULT_MAX_IN_FLIGHT = 64;
export const DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN = 32;

/**
 * Delivers alert events to their handlers: one lane per (alert id, handler key), in which each
 * pair passes the dedup stage (the ledger), the retry stage and the record stage (ledger mark or
 * dead letter), as Alertmanager composes its notification pipeline per receiver.
 */
export class DeliveryScheduler {
  private readonly lanes = new Map<string, Lane<PairJob>>();
  private readonly pairs = new Map<string, PairJob>();
  /** Pairs being worked on, cancelled ones included, so that stop() can cut their attempts. */
  private readonly working = new Set<PairJob>();
  private readonly slots: SendSlots;
  private retrying = 0;
  private stopped = false;

  constructor(private readonly options: DeliverySchedulerOptions) {
    this.slots = new SendSlots(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, options.maxInFlightPerOrigin ?? DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN);
  }

  /**
   * Enqueues the event's targets and settles once every one is done. Resolves when each was
   * settled: delivered, skipped because the ledger already holds it (`dead` is delivered again
   * when `pending.redeliverDead`), or dead-lettered. Rejects with the ledger's or dead-letter
   * sink's error, or with DeliveryStoppedError after stop() or once `signal` aborted; then the
   * caller must not commit past this event.
   *
   * An abort ends the pairs' waits at once, but an attempt already in flight runs to the
   * receiver's answer and a delivery is recorded; the submit settles after those attempts, and
   * resolves if they settled every pair. A pair that another submit still waits for goes on
   * without this one.
   */
  submit(pending: PendingEvent, signal?: AbortSignal): Promise<void> {
    if (this.stopped || signal?.aborted) return Promise.reject(new DeliveryStoppedError());
    const jobs = pending.targets.map((target) => this.join(pending, target));
    if (signal === undefined) return allDone(jobs.map((job) => job.done));
    return new Promise<void>((resolve, reject) => {
      let abandoned = false;
      const abandon = (): void => {
        abandoned = true;
        allDone(jobs.map((job) => (job.release() ? job.done : Promise.reject(new DeliveryStoppedError())))).then(resolve, reject);
      };
      signal.addEventListener('abort', abandon, { once: true });
      allDone(jobs.map((job) => job.done)).then(
        () => {
          if (abandoned) return;
          signal.removeEventListener('abort', abandon);
          resolve();
        },
        (error: unknown) => {
          if (abandoned) return;
          signal.removeEventListener('abort', abandon);
          reject(error);
        },
      );
    });
  }

  /** (event, handler) pairs submitted and not settled yet. */
  queued(): number {
    return this.pairs.size;
  }

  /** Cancels every pair (ending backoff sleeps and cutting attempts in flight) and waits for the lanes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of [...this.pairs.values(), ...this.working]) job.stop();
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
  }

  /**
   * A pair already queued is joined rather than queued twice, so it is sent once. A cancelled
   * one is not joined (it would end without delivering); the new job queues behind it in the
   * lane and finds in the ledger whatever its attempt in flight achieved.
   */
  private join(pending: PendingEvent, target: DeliveryTarget): PairJob {
    const id = pairIdOf(pending, target);
    let job = this.pairs.get(id);
    if (job === undefined || job.isCancelled) {
      const created = new PairJob(pending, target, () => this.forget(id, created));
      this.pairs.set(id, created);
      this.laneOf(pending.event.id, target).push(created);
      job = created;
    }
    job.hold();
    return job;
  }

  private laneOf(alertId: string, target: DeliveryTarget): Lane<PairJob> {
    const id = `${target.key}\n${alertId}`;
    let lane = this.lanes.get(id);
    if (lane === undefined) {
      const created = new Lane<PairJob>(
        (job) => this.work(job),
        () => this.lanes.delete(id),
      );
      this.lanes.set(id, created);
      lane = created;
    }
    return lane;
  }

  private forget(id: string, job: PairJob): void {
    if (this.pairs.get(id) === job) this.pairs.delete(id);
  }

  private async work(job: PairJob): Promise<void> {
    if (!job.start()) return;
    this.working.add(job);
    try {
      await this.deliver(job);
      job.settle();
    } catch (error) {
      job.fail(error);
    } finally {
      this.working.delete(job);
      this.forget(pairIdOf(job.pending, job.target), job);
    }
  }

  private async deliver(job: PairJob): Promise<void> {
    const { ledger, observer, clock } = this.options;
    const { pending, target, signal } = job;
    const kind = target.instruction.kind;
    // Dedup at the head of the lane, not at submit: an earlier pair of the same lane may have
    // been the one that settled this event (a duplicate record read twice in a row).
    const settlement = await ledger.settlement(pending.eventId, target.key);
    if (signal.aborted) throw new DeliveryStoppedError();
    // A DLQ replay delivers a dead pair again; a pair delivered meanwhile (an earlier replay got
    // through) stays skipped, so replaying twice delivers once.
    if (settlement === 'delivered' || (settlement === 'dead' && !pending.redeliverDead)) {
      observer?.skipped?.(kind, settlement);
      return;
    }
    let handler: Handler;
    try {
      handler = this.options.buildHandler(target.instruction);
    } catch (error) {
      // Options or configuration that cannot build a handler will not improve by retrying.
      const now = clock.nowMs();
      const reason = error instanceof HandlerOptionError ? error.message : `${kind} handler could not be built: ${messageOf(error)}`;
      return this.deadLetter(job, { reason, retryable: false, attempts: 0, firstAttemptMs: now, lastAttemptMs: now });
    }
    const pair = {
      event: pending.event,
      idempotencyKey: idempotencyKeyOf(pending.eventId, target.key),
      alertJson: pending.json,
      origin: handler.targetOrigin?.(pending.event),
      // The send happened; it is recorded as soon as its answer is read, before its send slots
      // are let go, and even if a cancel or stop arrived meanwhile, so that neither a restart nor
      // the partition's next owner repeats it.
      recordDelivered: () => ledger.markDelivered(pending.eventId, target.key),
    };
    const outcome = await deliverWithRetry(handler, pair, { waits: signal, sends: job.sendSignal }, {
      clock,
      random: this.options.random,
      policy: this.options.policy,
      slots: this.slots,
      observer,
      waiting: (delta) => this.waiting(delta),
    });
    if (outcome.status === 'dead') return this.deadLetter(job, outcome);
    observer?.delivered?.(kind, { eventTimeMs: Number(pending.event.time / 1_000_000n), acceptedMs: pending.acceptedMs, deliveredMs: clock.nowMs() });
  }

  /**
   * The letter is durable before the ledger says dead, so a crash in between writes it twice at
   * worst. A cancel or stop before the write leaves the pair unsettled (the next owner tries it
   * again); once the letter is written, the dead mark follows even if a stop arrived meanwhile, so
   * the ledger agrees with the dead-letter topic. A replayed pair that fails again gets a new
   * letter; markDead keeps the pair's dead mark.
   */
  private async deadLetter(job: PairJob, outcome: DeadOutcome): Promise<void> {
    if (job.signal.aborted) throw new DeliveryStoppedError();
    const { pending, target } = job;
    const letter: DeadLetter = {
      eventId: pending.eventId,
      alertId: pending.event.id,
      task: pending.event.task,
      node: pending.event.node,
      target,
      json: pending.json,
      handlers: pending.event.handlers,
      topic: pending.event.topic,
      category: pending.event.category,
      reason: outcome.reason,
      retryable: outcome.retryable,
      attempts: outcome.attempts,
      firstAttemptMs: outcome.firstAttemptMs,
      lastAttemptMs: outcome.lastAttemptMs,
    };
    await this.options.deadLetters.write(letter);
    await this.options.ledger.markDead(pending.eventId, target.key);
    this.options.observer?.deadLettered?.(letter);
  }

  private waiting(delta: 1 | -1): void {
    this.retrying += delta;
    this.options.observer?.retryDepth?.(this.retrying);
  }
}

/**
 * A replay is its own job: joined to a plain repeat of the pair, which skips a dead pair, it
 * would not deliver. The two then run one after the other in the pair's lane.
 */
function pairIdOf(pending: PendingEvent, target: DeliveryTarget): string {
  return `${target.key}\n${pending.eventId}${pending.redeliverDead ? '\nreplay' : ''}`;
}

/** Settles once every promise did: resolves if all resolved, else rejects with the first error. */
async function allDone(promises: readonly Promise<void>[]): Promise<void> {
  // Most events have one handler: its promise is the answer, without allSettled's wrappers.
  if (promises.length === 1) return promises[0];
  const results = await Promise.allSettled(promises);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
