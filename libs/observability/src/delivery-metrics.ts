import type { AttemptOutcome, DeadLetter, DeliveryObserver, Settlement } from '@vigil/delivery';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';

export interface DeliveryMetricsOptions {
  /** The message of the one log line per dead letter, which says where the letter went. */
  readonly deadLetterMessage: string;
}

/**
 * The DeliveryScheduler's observer as `vigil_notifier_*` series (attempts, settled pairs, skips,
 * dead letters, latency, retry depth) and one log line per dead letter. The distributed notifier
 * and the standalone server both use it, so one dashboard and one alert rule serve both modes.
 */
export class DeliveryMetrics implements DeliveryObserver {
  private readonly deliveries: Counter<'handler' | 'outcome'>;
  private readonly attempts: Counter<'handler' | 'outcome'>;
  private readonly retryQueue: Gauge;
  private readonly deadLetters: Counter<'handler'>;
  private readonly latency: Histogram<'handler'>;
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
      this.options.deadLetterMessage,
    );
  }

  retryDepth(depth: number): void {
    this.retryQueue.set(depth);
  }
}
