import type { DeadLetter, DeliveryObserver, AttemptOutcome, Settlement } from '@vigil/delivery';
import type { StepReport } from '@vigil/evaluation';
import { Counter, Gauge, Histogram, type Registry } from '@vigil/observability';

/** What the gauges read when scraped. */
export interface StandalonePositions {
  readonly pointLogEnd: () => bigint;
  readonly evaluated: () => bigint;
  readonly eventLogEnd: () => bigint;
  readonly notified: () => bigint;
}

/**
 * The standalone process's own series beside ingest's `vigil_ingest_*`: evaluation progress and
 * delivery outcomes, named like the distributed evaluator's and notifier's where they mean the
 * same, plus how far each reader is behind its log.
 */
export class StandaloneMetrics implements DeliveryObserver {
  private readonly points: Counter<'task'>;
  private readonly events: Counter<'level'>;
  private readonly attempts: Counter<'handler' | 'outcome'>;
  private readonly deliveries: Counter<'handler' | 'outcome'>;
  private readonly deadLetters: Counter<'handler'>;
  private readonly latency: Histogram<'handler'>;
  private readonly retryQueue: Gauge;

  constructor(registry: Registry, positions: StandalonePositions) {
    this.points = new Counter({ name: 'vigil_evaluator_points_total', help: 'Points evaluated, by task.', labelNames: ['task'], registers: [registry] });
    this.events = new Counter({ name: 'vigil_evaluator_events_total', help: 'Alert events written to the event log, by level.', labelNames: ['level'], registers: [registry] });
    this.attempts = new Counter({ name: 'vigil_notifier_attempts_total', help: 'Delivery attempts, by handler and outcome (delivered, retry, failed).', labelNames: ['handler', 'outcome'], registers: [registry] });
    this.deliveries = new Counter({ name: 'vigil_notifier_deliveries_total', help: 'Settled (event, handler) pairs, by handler and outcome (delivered, skipped_delivered, skipped_dead, dead).', labelNames: ['handler', 'outcome'], registers: [registry] });
    this.deadLetters = new Counter({ name: 'vigil_notifier_dead_letters_total', help: 'Events written to the dead-letter file, by handler.', labelNames: ['handler'], registers: [registry] });
    this.latency = new Histogram({ name: 'vigil_notifier_delivery_latency_seconds', help: "From the event's time to its delivery.", labelNames: ['handler'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600], registers: [registry] });
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
    this.deliveries.inc({ handler: kind, outcome: `skipped_${settlement}` });
  }

  deadLettered(letter: DeadLetter): void {
    this.deliveries.inc({ handler: letter.target.instruction.kind, outcome: 'dead' });
    this.deadLetters.inc({ handler: letter.target.instruction.kind });
  }

  retryDepth(depth: number): void {
    this.retryQueue.set(depth);
  }
}
