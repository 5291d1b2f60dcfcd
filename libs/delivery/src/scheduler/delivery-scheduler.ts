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
import { type RetryOutcome, deliverWithRetry } from '../retry/retry.stage';
import { DeliveryStoppedError } from './delivery-stopped-error';
import { InFlightLimit } from './in-flight-limit';
import { Lane } from './lane';
import { PairJob } from './pair-job';

export interface DeliverySchedulerOptions {
  readonly ledger: DeliveryLedger;
  readonly deadLetters: DeadLetterSink;
  readonly buildHandler: HandlerFactory;
  readonly clock: DeliveryClock;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  readonly policy: RetryPolicy;
  /** Concurrent sends over all lanes, default 32. */
  readonly maxInFlight?: number;
  readonly observer?: DeliveryObserver;
}

type DeadOutcome = Omit<Extract<RetryOutcome, { status: 'dead' }>, 'status'>;

const DEFAULT_MAX_IN_FLIGHT = 32;

/**
 * Delivers alert events to their handlers: one lane per (alert id, handler key), in which each
 * pair passes the dedup stage (the ledger), the retry stage and the record stage (ledger mark or
 * dead letter), as Alertmanager composes its notification pipeline per receiver.
 */
export class DeliveryScheduler {
  private readonly lanes = new Map<string, Lane<PairJob>>();
  private readonly pairs = new Map<string, PairJob>();
  private readonly inFlight: InFlightLimit;
  private retrying = 0;
  private stopped = false;

  constructor(private readonly options: DeliverySchedulerOptions) {
    this.inFlight = new InFlightLimit(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  }

  /**
   * Enqueues the event's targets and resolves when every one is settled: delivered, skipped
   * because the ledger already holds it, or dead-lettered. Rejects with DeliveryStoppedError when
   * `signal` aborts or stop() is called first, or with the ledger's or dead-letter sink's error;
   * in both cases the caller must not commit past this event.
   */
  submit(pending: PendingEvent, signal?: AbortSignal): Promise<void> {
    if (this.stopped || signal?.aborted) return Promise.reject(new DeliveryStoppedError());
    const jobs = pending.targets.map((target) => this.join(pending, target));
    const all = Promise.all(jobs.map((job) => job.done)).then(() => undefined);
    if (signal === undefined) return all;
    return new Promise<void>((resolve, reject) => {
      const abandon = (): void => {
        for (const job of jobs) job.release();
        reject(new DeliveryStoppedError());
      };
      signal.addEventListener('abort', abandon, { once: true });
      all.then(
        () => {
          signal.removeEventListener('abort', abandon);
          resolve();
        },
        (error: unknown) => {
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

  /** Cancels every pair (ending backoff sleeps and attempts in flight) and waits for the lanes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of [...this.pairs.values()]) job.cancel();
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
  }

  /** A pair already queued is joined rather than queued twice, so it is sent once. */
  private join(pending: PendingEvent, target: DeliveryTarget): PairJob {
    const id = pairIdOf(pending.eventId, target);
    let job = this.pairs.get(id);
    if (job === undefined) {
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
    if (job.isFinished) return;
    try {
      await this.deliver(job);
      job.settle();
    } catch (error) {
      // A cancelled job has already rejected its submitters with DeliveryStoppedError.
      job.fail(error);
    } finally {
      this.forget(pairIdOf(job.pending.eventId, job.target), job);
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
    if (settlement !== undefined) {
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
    const outcome = await deliverWithRetry(handler, pending.event, signal, {
      clock,
      random: this.options.random,
      policy: this.options.policy,
      inFlight: this.inFlight,
      observer,
      waiting: (delta) => this.waiting(delta),
    });
    if (outcome.status === 'dead') return this.deadLetter(job, outcome);
    // The send happened; record it even if a stop arrived meanwhile, so a restart does not repeat it.
    await ledger.markDelivered(pending.eventId, target.key);
    observer?.delivered?.(kind, Number(pending.event.time / 1_000_000n), clock.nowMs());
  }

  /**
   * The letter is durable before the ledger says dead, so a crash in between writes it twice at
   * worst. A stop before the write leaves the pair unsettled; once the letter is written, the dead
   * mark follows even if a stop arrived meanwhile, so the ledger agrees with the dead-letter topic.
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

function pairIdOf(eventId: string, target: DeliveryTarget): string {
  return `${target.key}\n${eventId}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
