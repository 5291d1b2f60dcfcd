import type { StateRebuild, StepReport } from '@vigil/evaluation';
import { statfs } from 'node:fs/promises';
import { Counter, DeliveryMetrics, EvaluationMetrics, Gauge, type Logger, type Registry } from '@vigil/observability';
import { folderBytes } from './folder-bytes';

/** What the gauges read when scraped. */
export interface StandalonePositions {
  readonly pointLogEnd: () => bigint;
  readonly evaluated: () => bigint;
  readonly eventLogEnd: () => bigint;
  readonly notified: () => bigint;
  /** The data folder, whose size and free space are reported. */
  readonly dataFolder?: string;
}

/**
 * The standalone process's own series beside ingest's `vigil_ingest_*`: evaluation progress and
 * delivery outcomes under the distributed evaluator's and notifier's names and labels (so one
 * dashboard serves both modes: the delivery series are the notifier's own DeliveryMetrics), plus
 * how far each reader is behind its log, the engine's per-task signals (`vigil_evaluation_*`, as
 * the evaluator's) and the data folder's size and free space.
 */
export class StandaloneMetrics extends DeliveryMetrics {
  private readonly points: Counter<'task'>;
  private readonly events: Counter<'level'>;
  /** Evaluation errors, dropped events, events per task and level, delay, checkpoint age. */
  readonly evaluation: EvaluationMetrics;
  private readonly rebuilds: Counter<'topic' | 'partition' | 'reason' | 'coverage'>;
  private readonly refused: Counter<'task'>;
  private readonly moved: Counter<'direction'>;

  constructor(
    registry: Registry,
    positions: StandalonePositions,
    logger: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {
    super(registry, logger, { deadLetterMessage: 'event dead-lettered to dead-letters.jsonl' });
    this.evaluation = new EvaluationMetrics(registry, nowMs);
    const folder = positions.dataFolder;
    if (folder !== undefined) registerFolderGauges(registry, folder);
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

  /** Records what a step did; `oldestAcceptedMs`: when its first point-log record was accepted. */
  stepDone(report: StepReport, oldestAcceptedMs?: number): void {
    this.evaluation.stepEvaluated(report.step, oldestAcceptedMs, this.nowMs());
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

/**
 * The data folder's bytes (every file under it, read at scrape time: a few logs' segments, the
 * state database and small files) and the free space of its file system (statfs: what an
 * unprivileged writer may still use), so disk exhaustion is seen before appends fail.
 */
function registerFolderGauges(registry: Registry, folder: string): void {
  new Gauge({
    name: 'vigil_standalone_data_bytes',
    help: 'Bytes of the files in the data folder (logs, state database, ledger, dead letters, recordings).',
    registers: [registry],
    async collect() {
      this.set(await folderBytes(folder));
    },
  });
  new Gauge({
    name: 'vigil_standalone_data_free_bytes',
    help: "Bytes free for the server on the data folder's file system (statfs bavail times bsize).",
    registers: [registry],
    async collect() {
      const stats = await statfs(folder);
      this.set(stats.bavail * stats.bsize);
    },
  });
}
