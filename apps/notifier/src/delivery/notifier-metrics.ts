import { DeliveryMetrics } from '@vigil/delivery';
import { Counter, Gauge, type Logger, type Registry } from '@vigil/observability';

/** What the metrics read from the running notifier at scrape time. */
export interface NotifierGauges {
  /** Records taken in hand and not settled, over the owned partitions. */
  pending(): number;
  pausedPartitions(): number;
}

/**
 * The notifier's metrics (`vigil_notifier_*`) and its delivery log lines: the scheduler's
 * observer and the handlers' outage log shared with standalone mode (DeliveryMetrics: attempts,
 * deliveries, skips, dead letters, latency, retry depth, failing targets), the records it could
 * not read, and its backlog. Log lines are per dead letter and per outage start and end, never per
 * delivered event.
 */
export class NotifierMetrics extends DeliveryMetrics {
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
}
