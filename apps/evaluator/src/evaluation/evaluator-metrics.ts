import { EvaluationMetrics, type StepReport } from '@vigil/evaluation';
import { Counter, Gauge, Histogram, type Registry } from '@vigil/observability';

/** A partition's position, as lag metrics need it. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to evaluate. */
  readonly next: bigint;
  /** The log end offset seen with the last batch. */
  readonly highWatermark: bigint;
  /** Record timestamp of the last evaluated record, ms. */
  readonly lastTimestampMs: number;
}

/**
 * The evaluator's own metrics (`vigil_evaluator_*`), and the engine's per-task signals and step
 * counters shared with `vigil serve` (`evaluation`). Per-task gauges (groups) are read from the
 * running partitions at scrape time through `taskGroups`.
 */
export class EvaluatorMetrics {
  /** Evaluation errors, dropped events, events, delay, checkpoint age, groups, rebuilds. */
  readonly evaluation: EvaluationMetrics;
  private readonly lagMessages: Gauge;
  private readonly lagSeconds: Gauge;
  private readonly pointsConsumed: Counter;
  private readonly undecodable: Counter;
  private readonly repeats: Counter;
  private readonly retried: Counter;
  private readonly checkpointSeconds: Histogram;
  private readonly checkpointBytes: Histogram;
  private readonly rebalances: Counter;
  private readonly lastRestore: Gauge;
  private readonly restoreSeconds: Gauge;
  private readonly partitionsOwned: Gauge;
  private readonly progress = new Map<string, PartitionProgress>();

  constructor(
    registry: Registry,
    taskGroups: () => ReadonlyMap<string, number>,
    now: () => number = Date.now,
  ) {
    const registers = [registry];
    this.evaluation = new EvaluationMetrics(registry, now);
    this.lagMessages = new Gauge({
      name: 'vigil_evaluator_consumer_lag_messages',
      help: 'Records of the partition not evaluated yet (log end offset minus next offset), as of the last batch.',
      labelNames: ['topic', 'partition'],
      registers,
      collect: () => this.collectLag(now()),
    });
    this.lagSeconds = new Gauge({
      name: 'vigil_evaluator_consumer_lag_seconds',
      help: 'How far behind the partition is: age of the last evaluated record while records are waiting, else 0.',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.pointsConsumed = new Counter({ name: 'vigil_evaluator_points_consumed_total', help: 'Points read from the points and repartition topics.', labelNames: ['topic'], registers });
    new Gauge({
      name: 'vigil_evaluator_task_groups',
      help: 'Groups held in memory, per task, over the partitions this evaluator owns.',
      labelNames: ['task'],
      registers,
      collect() {
        this.reset();
        for (const [task, groups] of taskGroups()) this.set({ task }, groups);
      },
    });
    this.undecodable = new Counter({ name: 'vigil_evaluator_points_undecodable_total', help: 'Records or lines that were not points and were skipped.', registers });
    this.repeats = new Counter({ name: 'vigil_evaluator_forwarded_repeats_total', help: 'Forwarded points received again after a source crash, dropped.', registers });
    this.retried = new Counter({ name: 'vigil_evaluator_retried_points_total', help: 'Points equal to one of the partition retry window (a retried write), dropped.', registers });
    this.checkpointSeconds = new Histogram({
      name: 'vigil_evaluator_checkpoint_duration_seconds',
      help: 'Time to save a partition checkpoint to Redis.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.checkpointBytes = new Histogram({
      name: 'vigil_evaluator_checkpoint_size_bytes',
      help: 'Size of a saved partition checkpoint.',
      buckets: [1e3, 1e4, 1e5, 1e6, 1e7, 1e8],
      registers,
    });
    this.rebalances = new Counter({ name: 'vigil_evaluator_rebalances_total', help: 'Partition assignment changes this member went through.', registers });
    this.lastRestore = new Gauge({ name: 'vigil_evaluator_last_restore_timestamp_seconds', help: 'When partitions were last restored from their checkpoints.', registers });
    this.restoreSeconds = new Gauge({ name: 'vigil_evaluator_last_restore_duration_seconds', help: 'How long the last restore of newly assigned partitions took.', registers });
    this.partitionsOwned = new Gauge({ name: 'vigil_evaluator_partitions_owned', help: 'Partitions (points and repartition topics) this evaluator owns.', registers });
  }

  rebalanced(owned: number): void {
    this.rebalances.inc();
    this.partitionsOwned.set(owned);
  }

  restored(atMs: number, seconds: number): void {
    this.lastRestore.set(atMs / 1000);
    this.restoreSeconds.set(seconds);
  }

  checkpointSaved(seconds: number): void {
    this.checkpointSeconds.observe(seconds);
  }

  /**
   * Records what a batch or tick did; `oldestAcceptedMs`, when vigil accepted the batch's first
   * record (acceptedMsOf), gives the tasks' evaluation delay.
   */
  stepDone(topic: string, partition: number, report: StepReport, oldestAcceptedMs?: number): void {
    const { step } = report;
    this.evaluation.stepDone(topic, partition, report, oldestAcceptedMs);
    if (step.points > 0) this.pointsConsumed.inc({ topic }, step.points);
    if (step.undecodable > 0) this.undecodable.inc(step.undecodable);
    if (step.repeats > 0) this.repeats.inc(step.repeats);
    if (step.retried > 0) this.retried.inc(step.retried);
    if (report.checkpointSaved) this.checkpointBytes.observe(step.checkpointBytes);
  }

  progressed(progress: PartitionProgress): void {
    this.progress.set(`${progress.topic}:${progress.partition}`, progress);
  }

  forget(topic: string, partition: number): void {
    this.progress.delete(`${topic}:${partition}`);
    this.evaluation.forget(topic, partition);
    this.lagMessages.remove({ topic, partition: String(partition) });
    this.lagSeconds.remove({ topic, partition: String(partition) });
  }

  private collectLag(nowMs: number): void {
    for (const progress of this.progress.values()) {
      const labels = { topic: progress.topic, partition: String(progress.partition) };
      const behind = progress.highWatermark > progress.next ? progress.highWatermark - progress.next : 0n;
      this.lagMessages.set(labels, Number(behind));
      this.lagSeconds.set(labels, behind > 0n ? Math.max(0, (nowMs - progress.lastTimestampMs) / 1000) : 0);
    }
  }
}
