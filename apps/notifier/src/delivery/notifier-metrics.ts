import { Counter, DeliveryMetrics, Gauge, type Logger, type Registry } from '@vigil/observability';
import type { OutageLog } from './outage-watch';

/** What the metrics read from the running notifier at scrape time. */
export interface NotifierGauges {
  /** Records taken in hand and not settled, over the owned partitions. */
  pending(): number;
  pausedPartitions(): number;
}

/**
 * The notifier's metrics (`vigil_notifier_*`) and its delivery log lines: the scheduler's
 * observer shared with standalone mode (DeliveryMetrics: attempts, deliveries, skips, dead letters,
 * retry depth), the records it could not read, its backlog, and the outage log of the handlers. Log lines are per dead letter and per outage start and end, never per delivered event.
 */
export class NotifierMetrics extends DeliveryMetrics implements OutageLog {
  private readonly invalid: Counter;

  constructor(registry: Registry, logger: Logger, gauges: NotifierGauges) {
    super(registry, logger, { deadLetterMessage: 'event dead-lettered' });
    const registers = [registry];
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
