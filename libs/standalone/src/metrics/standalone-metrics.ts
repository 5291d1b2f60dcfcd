import type { DeadLetter, DeliveryObserver, AttemptOutcome, Settlement } from '@vigil/delivery';
import type { StepReport } from '@vigil/evaluation';
import { Counter, Gauge, Histogram, type Logger, type Registry } from '@vigil/observability';

/** What the gauges read when scraped. */
export interface StandalonePositions {
  readonly pointLogEnd: () => bigint;
  readonly evaluated: () => bigint;
  readonly eventLogEnd: () => bigint;
  readonly notified: () => bigint;
}

/**
 * The standalone process's own series beside ingest's `vigil_ingest_*`: evaluation progress and
 * delivery outcomes under the distributed evaluator's and notifier's names and labels (so one
 * dashboard serves both modes), plus how far each reader is behind its log. Dead letters are also
 * logged, one line each, as the notifier logs them.
 */
export class StandaloneMetrics implements DeliveryObserver {
  private readonly points: Counter<'task'>;
  private readonly events: Counter<'level'>;
  private readonly attempts: Counter<'handler' | 'outcome'>;
  private readonly deliveries: Counter<'handler' | 'outcome'>;
  private readonly skips: Counter<'handler' | 'reason'>;
  private readonly deadLetters: Counter<'handler'>;
  private readonly latency: Histogram<'handler'>;
  private readonly retryQueue: Gauge;

  constructor(
    registry: Registry,
    positions: StandalonePositions,
    private readonly logger: Logger,
  ) {
    this.points = new Counter({ name: 'vigil_evaluator_task_points_total', help: 'Points evaluated, per task.', labelNames: ['task'], registers: [registry] });
    this.events = new Counter({ name: 'vigil_evaluator_events_total', help: 'Alert events written to the event log, by level.', labelNames: ['level'], registers: [registry] });
    this.attempts = new Counter({ name: 'vigil_notifier_attempts_total', help: 'Delivery attempts, by handler and outcome (delivered, retry, failed).', labelNames: ['handler', 'outcome'], registers: [registry] });
    this.deliveries = new Counter({ name: 'vigil_notifier_deliveries_total', help: 'Settled (event, handler) pairs: delivered or dead_lettered.', labelNames: ['handler', 'outcome'], registers: [registry] });
    this.skips = new Counter({ name: 'vigil_notifier_skipped_total', help: 'Pairs not sent because the ledger already settled them (already_delivered, already_dead).', labelNames: ['handler', 'reason'], registers: [registry] });
    this.deadLetters = new Counter({ name: 'vigil_notifier_dead_letters_total', help: 'Events written to the dead-letter file, by handler.', labelNames: ['handler'], registers: [registry] });
    this.latency = new Histogram({ name: 'vigil_notifier_delivery_latency_seconds', help: "From the event's time to its delivery.", labelNames: ['handler'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600], registers: [registry] });
    this.retryQueue = new Gauge({ name: 'vigil_notifier_retry_queue_depth', help: '(event, handler) pairs waiting for a retry.', registers: [registry] });
    new Gauge({
      name: 'vigil_standalone_lag_records',
      help: 'Records of a log not yet processed by its reader: the point log by the evaluator, the event log by the notifier.',
      labelNames: ['log'],
      registers: [registry],
      collect() {
        this.set({ log: 'points' }, Number(positions.pointLogEnd() - positions.evaluated()));
        this.set({ log: 'events' }, Number(positions.eventLogEnd() - positions.notified()));
      },
    });
  }

  stepDone(report: StepReport): void {
    for (const [task, count] of report.step.pointsByTask) this.points.inc({ task }, count);
    for (const [level, count] of report.step.eventsByLevel) this.events.inc({ level }, count);
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
      { handler, handlerKey: letter.target.key, task: letter.task, node: letter.node, alertId: letter.alertId, eventId: letter.eventId, attempts: letter.attempts, reason: letter.reason },
      'event dead-lettered to dead-letters.jsonl',
    );
  }

  retryDepth(depth: number): void {
    this.retryQueue.set(depth);
  }
}
