import type { AttemptOutcome, DeadLetter, DeliveryObserver, DeliveryTimes, Settlement } from '../delivery-ports';
import type { OutageLog } from '../outage/outage-watch';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';

export interface DeliveryMetricsOptions {
  /** The message of the one log line per dead letter, which says where the letter went. */
  readonly deadLetterMessage: string;
}

/** Buckets of both latency histograms: sub-second deliveries up to a day of backlog or outage. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

/**
 * The DeliveryScheduler's observer as `vigil_notifier_*` series (attempts, settled pairs, skips,
 * dead letters, latency, retry depth), one log line per dead letter, and the handlers' outage log
 * (HandlerCache's OutageWatch): one line when a target starts failing, one when it delivers
 * again. The distributed notifier and the standalone server both use it, so one dashboard, one
 * alert rule and the same log lines serve both modes.
 */
export class DeliveryMetrics implements DeliveryObserver, OutageLog {
  private readonly deliveries: Counter<'handler' | 'outcome'>;
  private readonly attempts: Counter<'handler' | 'outcome'>;
  private readonly retryQueue: Gauge;
  private readonly deadLetters: Counter<'handler'>;
  private readonly latency: Histogram<'handler'>;
  private readonly eventAge: Histogram<'handler'>;
  private readonly failingTargets: Gauge<'handler'>;
  private readonly skips: Counter<'handler' | 'reason'>;

  constructor(
    registry: Registry,
    protected readonly logger: Logger,
    private readonly options: DeliveryMetricsOptions,
  ) {
    const registers = [registry];
    this.deliveries = new Counter({
      name: 'vigil_notifier_deliveries_total',
      help: 'Settled (event, handler) pairs: delivered or dead_lettered.',
      labelNames: ['handler', 'outcome'],
      registers,
    });
    this.attempts = new Counter({
      name: 'vigil_notifier_attempts_total',
      help: 'Send attempts by handler and outcome: delivered, retry (retryable failure) or failed (not retryable).',
      labelNames: ['handler', 'outcome'],
      registers,
    });
    this.retryQueue = new Gauge({ name: 'vigil_notifier_retry_queue_depth', help: '(event, handler) pairs waiting for their next attempt after a failure.', registers });
    this.deadLetters = new Counter({ name: 'vigil_notifier_dead_letters_total', help: 'Pairs written to the dead letters (the topic, or the file in standalone mode).', labelNames: ['handler'], registers });
    // Measured from acceptance, not from the event's time: points may carry any time (a replay, a
    // backfill, a device clock), and an event's time is its point's, so measuring from it reported
    // years for replayed data. The event-time measure stays, under a name that says what it is.
    this.latency = new Histogram({
      name: 'vigil_notifier_delivery_latency_seconds',
      help: 'From the moment vigil accepted the point that caused the event (ingest, or serve\'s write) to its successful delivery. Events of ticks (deadman) count from their emission.',
      labelNames: ['handler'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.eventAge = new Histogram({
      name: 'vigil_notifier_event_age_at_delivery_seconds',
      help: "From the event's own time (its point's timestamp) to its successful delivery: large for replayed, backfilled or old-timestamped points.",
      labelNames: ['handler'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.failingTargets = new Gauge({
      name: 'vigil_notifier_failing_targets',
      help: 'Handler targets whose last attempt failed with a retryable error and that have not delivered since (outages logged once at start and once at end).',
      labelNames: ['handler'],
      registers,
    });
    this.skips = new Counter({
      name: 'vigil_notifier_skipped_total',
      help: 'Pairs not sent because the ledger already settled them (already_delivered, already_dead): repeats after a crash, rebalance or replay.',
      labelNames: ['handler', 'reason'],
      registers,
    });
  }

  attempted(kind: string, outcome: AttemptOutcome): void {
    this.attempts.inc({ handler: kind, outcome });
  }

  delivered(kind: string, times: DeliveryTimes): void {
    this.deliveries.inc({ handler: kind, outcome: 'delivered' });
    // Without an acceptance time (a deadman's event, or a record written before the header
    // existed) the event's time is the best figure left: a tick's event is stamped with its emission.
    this.latency.observe({ handler: kind }, Math.max(0, times.deliveredMs - (times.acceptedMs ?? times.eventTimeMs)) / 1000);
    this.eventAge.observe({ handler: kind }, Math.max(0, times.deliveredMs - times.eventTimeMs) / 1000);
  }

  outageStarted(handler: string, target: string, reason: string): void {
    this.failingTargets.inc({ handler });
    this.logger.warn({ handler, target, reason }, 'handler target failing; deliveries retry with backoff');
  }

  outageEnded(handler: string, target: string, failedAttempts: number): void {
    this.failingTargets.dec({ handler });
    this.logger.info({ handler, target, failedAttempts }, 'handler target delivering again');
  }

  skipped(kind: string, settlement: Settlement): void {
    this.skips.inc({ handler: kind, reason: settlement === 'delivered' ? 'already_delivered' : 'already_dead' });
  }

  deadLettered(letter: DeadLetter): void {
    const handler = letter.target.instruction.kind;
    this.deliveries.inc({ handler, outcome: 'dead_lettered' });
    this.deadLetters.inc({ handler });
    this.logger.warn(
      {
        handler,
        handlerKey: letter.target.key,
        task: letter.task,
        node: letter.node,
        alertId: letter.alertId,
        eventId: letter.eventId,
        attempts: letter.attempts,
        retryable: letter.retryable,
        reason: letter.reason,
      },
      this.options.deadLetterMessage,
    );
  }

  retryDepth(depth: number): void {
    this.retryQueue.set(depth);
  }
}
