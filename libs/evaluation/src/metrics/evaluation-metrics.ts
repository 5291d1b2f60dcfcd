import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { StateRebuild } from '../checkpoint/state-loss';
import type { StepReport } from '../worker/partition-worker';

/** Where a step's events came from, for the per-task delay. */
export interface EvaluatedStep {
  /** Per task, points it evaluated in the step; tasks with none are left out. */
  readonly pointsByTask: ReadonlyMap<string, number>;
  /** The events of the step, with their task and level. */
  readonly events: readonly { readonly event: { readonly task: string; readonly level: string } }[];
}

/**
 * The engine's per-task signals as `vigil_evaluation_*` series, the same in the distributed
 * evaluator and in `vigil serve` (the chart's PrometheusRule alerts on the errors counter): runtime
 * evaluation errors and dropped events per node (the engine's TaskContext.evaluationFailed and
 * eventDropped), events per task and level, how long after its acceptance a point was
 * evaluated, how long ago each partition's checkpoint was last confirmed saved, and batch task
 * runs (made, failed, points fed). Beside them, the step counters both modes name
 * `vigil_evaluator_*` (points and events, refused and moved groups, rebuilds of lost state), so
 * that stepDone and stateRebuilt are written once for the evaluator and for `vigil serve`.
 */
export class EvaluationMetrics {
  private readonly errors: Counter<'task' | 'node'>;
  private readonly dropped: Counter<'task' | 'node'>;
  private readonly events: Counter<'task' | 'level'>;
  private readonly delay: Histogram<'task'>;
  private readonly checkpointAge: Gauge<'topic' | 'partition'>;
  private readonly batchRuns: Counter<'task'>;
  private readonly batchRunFailures: Counter<'task'>;
  private readonly batchRunPoints: Histogram<'task'>;
  private readonly taskPoints: Counter<'task'>;
  private readonly levelEvents: Counter<'level'>;
  private readonly groupsRefused: Counter<'task'>;
  private readonly groupsMoved: Counter<'direction'>;
  private readonly stateRebuilds: Counter<'topic' | 'partition' | 'reason' | 'coverage'>;
  /** Per partition (`topic:partition`), when its checkpoint was last confirmed saved, ms. */
  private readonly saves = new Map<string, { readonly topic: string; readonly partition: number; readonly atMs: number }>();

  constructor(
    registry: Registry,
    private readonly nowMs: () => number = Date.now,
  ) {
    const registers = [registry];
    const saves = this.saves;
    this.errors = new Counter({
      name: 'vigil_evaluation_errors_total',
      help: 'Runtime evaluation errors per task and node: a lambda that failed, a missing field (each occurrence; the log keeps one line per decade of a message).',
      labelNames: ['task', 'node'],
      registers,
    });
    this.dropped = new Counter({
      name: 'vigil_evaluation_events_dropped_total',
      help: "Alert events dropped because their data holds NaN or an infinity, which Kapacitor's alert JSON cannot carry (as Kapacitor's handlers drop them).",
      labelNames: ['task', 'node'],
      registers,
    });
    this.events = new Counter({
      name: 'vigil_evaluation_events_total',
      help: 'Alert events emitted, per task and level (events of a rebuild of lost state, which are not written again, are not counted).',
      labelNames: ['task', 'level'],
      registers,
    });
    this.delay = new Histogram({
      name: 'vigil_evaluation_delay_seconds',
      help: "Per task, from the acceptance of the oldest point of a step (ingest's Kafka record time, serve's write) to the step's evaluation: how late alerts are before delivery.",
      labelNames: ['task'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.batchRuns = new Counter({
      name: 'vigil_evaluation_batch_runs_total',
      help: 'Runs of batch tasks made by this process, per task (every query node run, failed or not; a run made again after a crash or a handover counts again).',
      labelNames: ['task'],
      registers,
    });
    this.batchRunFailures = new Counter({
      name: 'vigil_evaluation_batch_run_failures_total',
      help: 'Batch runs whose query failed (InfluxDB or Prometheus down, refused or timed out, a bad statement), per task: logged, and the run counts as made with nothing fed to the task, as in Kapacitor.',
      labelNames: ['task'],
      registers,
    });
    this.batchRunPoints = new Histogram({
      name: 'vigil_evaluation_batch_run_points',
      help: 'Points one successful batch run fed its task, per task (0 when the query matched nothing).',
      labelNames: ['task'],
      buckets: [0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
      registers,
    });
    this.checkpointAge = new Gauge({
      name: 'vigil_evaluation_checkpoint_age_seconds',
      help: "Seconds since the partition's checkpoint was last confirmed saved (by this process since it took the partition). Grows on a partition with no new points too: alert on it with the consumer lag.",
      labelNames: ['topic', 'partition'],
      registers,
      collect: () => {
        const now = this.nowMs();
        for (const save of saves.values()) this.checkpointAge.set({ topic: save.topic, partition: String(save.partition) }, Math.max(0, now - save.atMs) / 1000);
      },
    });
    this.taskPoints = new Counter({ name: 'vigil_evaluator_task_points_total', help: 'Points evaluated, per task.', labelNames: ['task'], registers });
    this.levelEvents = new Counter({
      name: 'vigil_evaluator_events_total',
      help: 'Alert events written, by level (to the alerts topic; vigil serve: to its event log).',
      labelNames: ['level'],
      registers,
    });
    this.groupsRefused = new Counter({
      name: 'vigil_evaluator_groups_refused_total',
      help: 'Points refused because they would have created a group past the per-task group limit, per task.',
      labelNames: ['task'],
      registers,
    });
    this.groupsMoved = new Counter({
      name: 'vigil_evaluator_groups_moved_total',
      help: 'Groups written to the checkpoint store (written: changed since the last save), read back (loaded), dropped from memory after a save (evicted) or deleted as quiet (expired).',
      labelNames: ['direction'],
      registers,
    });
    this.stateRebuilds = new Counter({
      name: 'vigil_evaluator_state_rebuilds_total',
      help: 'Rebuilds of partition state the checkpoint store lost (reason missing or behind); coverage partial when records it came from were no longer read.',
      labelNames: ['topic', 'partition', 'reason', 'coverage'],
      registers,
    });
  }

  /**
   * Records what a batch or tick of a partition did; `oldestAcceptedMs`, when vigil accepted the
   * batch's first record, gives the tasks' evaluation delay.
   */
  stepDone(topic: string, partition: number, report: StepReport, oldestAcceptedMs?: number): void {
    const { step } = report;
    this.stepEvaluated(step, oldestAcceptedMs, this.nowMs());
    if (report.checkpointSaved) this.checkpointSaved(topic, partition);
    for (const [task, points] of step.pointsByTask) this.taskPoints.inc({ task }, points);
    for (const [level, count] of step.eventsByLevel) this.levelEvents.inc({ level }, count);
    for (const [task, refused] of step.refusedByTask) this.groupsRefused.inc({ task }, refused);
    // Changed groups reach the store only with a save; a tick that changed nothing saves nothing.
    if (report.checkpointSaved && step.groupsWritten > 0) this.groupsMoved.inc({ direction: 'written' }, step.groupsWritten);
    if (report.groups) for (const direction of ['loaded', 'evicted', 'expired'] as const) if (report.groups[direction] > 0) this.groupsMoved.inc({ direction }, report.groups[direction]);
  }

  stateRebuilt(rebuild: StateRebuild): void {
    this.stateRebuilds.inc({ topic: rebuild.partition.topic, partition: String(rebuild.partition.partition), reason: rebuild.reason, coverage: rebuild.coverage });
  }

  /** One run of a batch task's query node: made, failed (its query), and the points it fed the task. */
  batchRun(task: string, run: { readonly points: number; readonly failed: boolean }): void {
    this.batchRuns.inc({ task });
    if (run.failed) this.batchRunFailures.inc({ task });
    else this.batchRunPoints.observe({ task }, run.points);
  }

  /** A checkpoint the store confirmed; also called once a partition is restored (its age starts there). */
  checkpointSaved(topic: string, partition: number, atMs: number = this.nowMs()): void {
    this.saves.set(`${topic}:${partition}`, { topic, partition, atMs });
  }

  /** A partition this process no longer owns. */
  forget(topic: string, partition: number): void {
    this.saves.delete(`${topic}:${partition}`);
    this.checkpointAge.remove({ topic, partition: String(partition) });
  }

  evaluationFailed(task: string, failure: { readonly node: string }): void {
    this.errors.inc({ task, node: failure.node });
  }

  eventDropped(task: string, drop: { readonly node: string }): void {
    this.dropped.inc({ task, node: drop.node });
  }

  /**
   * Counts a step's events and, when the acceptance time of its oldest record is known, the delay
   * of each task that evaluated points in it.
   */
  stepEvaluated(step: EvaluatedStep, oldestAcceptedMs: number | undefined, nowMs: number): void {
    for (const { event } of step.events) this.events.inc({ task: event.task, level: event.level });
    if (oldestAcceptedMs === undefined) return;
    const seconds = Math.max(0, nowMs - oldestAcceptedMs) / 1000;
    for (const [task, points] of step.pointsByTask) if (points > 0) this.delay.observe({ task }, seconds);
  }
}
