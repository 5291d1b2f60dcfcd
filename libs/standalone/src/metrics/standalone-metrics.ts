import type { StateRebuild, StepReport } from '@vigil/evaluation';
import { Counter, DeliveryMetrics, Gauge, type Logger, type Registry } from '@vigil/observability';

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
 * dashboard serves both modes: the delivery series are the notifier's own DeliveryMetrics), plus
 * how far each reader is behind its log.
 */
export class StandaloneMetrics extends DeliveryMetrics {
  private readonly points: Counter<'task'>;
  private readonly events: Counter<'level'>;
  private readonly rebuilds: Counter<'topic' | 'partition' | 'reason' | 'coverage'>;
  private readonly refused: Counter<'task'>;
  private readonly moved: Counter<'direction'>;

  constructor(registry: Registry, positions: StandalonePositions, logger: Logger) {
    super(registry, logger, { deadLetterMessage: 'event dead-lettered to dead-letters.jsonl' });
    this.points = new Counter({ name: 'vigil_evaluator_task_points_total', help: 'Points evaluated, per task.', labelNames: ['task'], registers: [registry] });
    this.events = new Counter({ name: 'vigil_evaluator_events_total', help: 'Alert events written to the event log, by level.', labelNames: ['level'], registers: [registry] });
    this.rebuilds = new Counter({
      name: 'vigil_evaluator_state_rebuilds_total',
      help: 'Rebuilds of state the state database lost (deleted, or restored from an older backup), by reason (missing, behind) and coverage (complete, partial).',
      labelNames: ['topic', 'partition', 'reason', 'coverage'],
      registers: [registry],
    });
    this.refused = new Counter({ name: 'vigil_evaluator_groups_refused_total', help: 'Points refused because they would have created a group past the per-task group limit.', labelNames: ['task'], registers: [registry] });
    this.moved = new Counter({
      name: 'vigil_evaluator_groups_moved_total',
      help: 'Groups loaded back from the state database before a step, evicted from memory after a save, or expired (deleted as quiet).',
      labelNames: ['direction'],
      registers: [registry],
    });
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
    for (const [task, count] of report.step.refusedByTask) this.refused.inc({ task }, count);
    this.moved.inc({ direction: 'written' }, report.step.groupsWritten);
    if (report.groups) {
      this.moved.inc({ direction: 'loaded' }, report.groups.loaded);
      this.moved.inc({ direction: 'evicted' }, report.groups.evicted);
      this.moved.inc({ direction: 'expired' }, report.groups.expired);
    }
  }

  stateRebuilt(rebuild: StateRebuild): void {
    this.rebuilds.inc({ topic: rebuild.partition.topic, partition: String(rebuild.partition.partition), reason: rebuild.reason, coverage: rebuild.coverage });
  }
}
