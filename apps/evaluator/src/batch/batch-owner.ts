import { BatchLoop, isBatchTask, type BatchRunObserver, type BatchSources, type CheckpointStore, type HttpOutPublish, type PartitionRef, type RecordSink, type TaskDefinition, type TaskObserver, type TaskStatisticsBook } from '@vigil/evaluation';
import type { TopicPartition } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import type { NodeRegistry } from '@vigil/tick-engine';

export interface BatchOwnerOptions {
  readonly pointsTopic: string;
  readonly alertsTopic: string;
  readonly store: CheckpointStore;
  readonly sink: RecordSink;
  readonly sources: Omit<BatchSources, 'described'>;
  readonly intervalMs: number;
  readonly retryDelayMs: number;
  readonly nowMs: () => number;
  readonly logger: Logger;
  readonly observer?: TaskObserver;
  /** Counts the batch runs (the evaluator's `vigil_evaluation_batch_*` series). */
  readonly runs?: BatchRunObserver;
  /** The engine with the cluster's and this evaluator's ids, and the statistics book, shared with the stream tasks. */
  readonly engine?: { readonly registry: NodeRegistry; readonly statistics: TaskStatisticsBook };
  /**
   * Where the batch tasks' `httpOut` nodes publish (this evaluator's `batch` scope, EvaluatorHttpOut),
   * dropped when this evaluator stops owning partition 0; default: nowhere.
   */
  readonly httpOut?: { publisherFor(scope: string): HttpOutPublish; drop(scope: string): void };
}

/** The EvaluatorHttpOut scope of the batch tasks' rows. */
export const BATCH_HTTP_OUT_SCOPE = 'batch';

/** The stream tasks of a set, for the partitions' workers (batch tasks read no points). */
export function streamTasksOf(definitions: readonly TaskDefinition[]): TaskDefinition[] {
  return definitions.filter((definition) => !isBatchTask(definition));
}

/**
 * The batch tasks of the distributed mode run on one evaluator at a time: the owner of partition
 * 0 of the points topic (docs/batch-tasks.md, "Ownership in the distributed mode"). The consumer
 * group decides who that is; on assignment of partition 0 this evaluator restores the schedules
 * from their checkpoint and runs them, on revocation it finishes the run in progress, saves and
 * stops. The checkpoint is fenced like a partition's (each save names the one it follows), so an
 * owner that lost partition 0 and is still saving makes the new owner reload rather than repeat
 * runs; a run both made gave the same event ids, which the notifier drops.
 */
export class BatchOwner {
  private tasks: readonly TaskDefinition[] = [];
  private loop: BatchLoop | undefined;
  private owning = false;
  private changes: Promise<unknown> = Promise.resolve();
  readonly checkpoint: PartitionRef;

  constructor(private readonly options: BatchOwnerOptions) {
    // A key of its own beside partition 0's: stream saves replace a partition's fields whole.
    this.checkpoint = { topic: `${options.pointsTopic}.batch`, partition: 0 };
  }

  /** The tasks now; the batch tasks among them run here while this evaluator owns partition 0. */
  setTasks(definitions: readonly TaskDefinition[]): Promise<void> {
    return this.change(async () => {
      this.tasks = definitions.filter(isBatchTask);
      if (this.owning) await this.restart();
    });
  }

  onAssigned(partitions: readonly TopicPartition[]): Promise<void> {
    if (!this.isZero(partitions)) return this.changes.then(() => undefined);
    return this.change(async () => {
      this.owning = true;
      this.options.logger.info({ topic: this.options.pointsTopic, partition: 0, tasks: this.tasks.map((task) => task.name) }, 'this evaluator owns partition 0: it runs the batch tasks');
      await this.restart();
    });
  }

  onRevoked(partitions: readonly TopicPartition[]): Promise<void> {
    if (!this.isZero(partitions)) return this.changes.then(() => undefined);
    return this.change(() => this.release());
  }

  stop(): Promise<void> {
    return this.change(() => this.release());
  }

  /**
   * Stops the runs, then forgets the rows they published: otherwise this evaluator would keep
   * publishing its last batch rows and a group the new owner deleted would come back in ingest's merge.
   */
  private async release(): Promise<void> {
    this.owning = false;
    await this.loop?.stop();
    this.loop = undefined;
    this.options.httpOut?.drop(BATCH_HTTP_OUT_SCOPE);
  }

  private async restart(): Promise<void> {
    await this.loop?.stop();
    const { options } = this;
    this.loop = new BatchLoop({
      tasks: this.tasks,
      ...(options.sources.influxdb ? { influxdb: options.sources.influxdb } : {}),
      ...(options.sources.prometheus ? { prometheus: options.sources.prometheus } : {}),
      store: options.store,
      checkpoint: this.checkpoint,
      sink: options.sink,
      alertsTopic: options.alertsTopic,
      intervalMs: options.intervalMs,
      retryDelayMs: options.retryDelayMs,
      nowMs: options.nowMs,
      logger: options.logger,
      ...(options.observer ? { observer: options.observer } : {}),
      ...(options.runs ? { runs: options.runs } : {}),
      ...(options.engine ? { registry: options.engine.registry, statistics: options.engine.statistics } : {}),
      ...(options.httpOut ? { publish: options.httpOut.publisherFor(BATCH_HTTP_OUT_SCOPE) } : {}),
    });
    await this.loop.start();
  }

  private isZero(partitions: readonly TopicPartition[]): boolean {
    return partitions.some((tp) => tp.topic === this.options.pointsTopic && tp.partition === 0);
  }

  /**
   * Changes one at a time, in call order. A failed one (Redis unreachable at the restore) is
   * logged and does not reject: it must not fail the consumer's assignment or the task follower,
   * whose stream partitions do not depend on it; the next assignment or task change tries again.
   */
  private change(apply: () => Promise<void>): Promise<void> {
    this.changes = this.changes.then(apply).catch((error: unknown) => this.options.logger.error({ err: error }, 'batch tasks could not be started or stopped'));
    return this.changes as Promise<void>;
  }
}
