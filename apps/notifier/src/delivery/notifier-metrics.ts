import type { AttemptOutcome, DeadLetter, DeliveryObserver, Settlement } from '@vigil/delivery';
import { Counter, Gauge, Histogram, type Logger, type Registry } from '@vigil/observability';
import type { OutageLog } from './outage-watch';

/** What the metrics read from the running notifier at scrape time. */
export interface NotifierGauges {
  /** Records taken in hand and not settled, over the owned partitions. */
  pending(): number;
  pausedPartitions(): number;
}

/**
 * The notifier's metrics (`vigil_notifier_*`) and its delivery log lines: the scheduler's
 * observer (attempts, deliveries, skips, dead letters, retry depth) and the outage log of the
 * handlers. Log lines are per dead letter and per outage start and end, never per delivered event.
 */
export class NotifierMetrics implements DeliveryObserver, OutageLog {
  private readonly deliveries: Counter;
  private readonly attempts: Counter;
  private readonly retryQueue: Gauge;
  private readonly deadLetters: Counter;
  private readonly latency: Histogram;
  private readonly skips: Counter;
  private readonly invalid: Counter;

  constructor(
    registry: Registry,
    private readonly logger: Logger,
    gauges: NotifierGauges,
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
    this.deadLetters = new Counter({ name: 'vigil_notifier_dead_letters_total', help: 'Pairs written to the dead-letter topic.', labelNames: ['handler'], registers });
    this.latency = new Histogram({
      name: 'vigil_notifier_delivery_latency_seconds',
      help: "From the event's time to its successful delivery.",
      labelNames: ['handler'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.skips = new Counter({
      name: 'vigil_notifier_skipped_total',
      help: 'Pairs not sent because the ledger already settled them (already_delivered, already_dead): repeats after a crash, rebalance or replay.',
      labelNames: ['handler', 'reason'],
      registers,
    });
    this.invalid = new Counter({ name: 'vigil_notifier_invalid_records_total', help: 'Alerts-topic records skipped because they break the topic contract.', labelNames: ['topic'], registers });
    new Gauge({
      name: 'vigil_notifier_pending_events',
      help: 'Records read and not settled yet (delivering, retrying, or queued behind their alert id).',
      registers,
      collect() {
        this.set(gauges.pending());
      },
    });
    new Gauge({
      name: 'vigil_notifier_paused_partitions',
      help: 'Partitions not fetched right now because they hold more than NOTIFIER_MAX_PENDING unsettled records.',
      registers,
      collect() {
        this.set(gauges.pausedPartitions());
      },
    });
  }

  attempted(kind: string, outcome: AttemptOutcome): void {
    this.attempts.inc({ handler: kind, outcome });
  }

  delivered(kind: string, eventTimeMs: number, nowMs: number): void {
    this.deliveries.inc({ handler: kind, outcome: 'delivered' });
    this.latency.observe({ handler: kind }, Math.max(0, nowMs - eventTimeMs) / 1000);
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
      'event dead-lettered',
    );
  }

  retryDepth(depth: number): void {
    this.retryQueue.set(depth);
  }

  invalidRecord(topic: string): void {
    this.invalid.inc({ topic });
  }

  outageStarted(handler: string, target: string, reason: string): void {
    this.logger.warn({ handler, target, reason }, 'handler target failing; deliveries retry with backoff');
  }

  outageEnded(handler: string, target: string, failedAttempts: number): void {
    this.logger.info({ handler, target, failedAttempts }, 'handler target delivering again');
  }
}
