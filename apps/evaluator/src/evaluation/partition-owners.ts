import {
  acceptedMsOf,
  CheckpointFencedError,
  describeRebuild,
  rebuildLogFields,
  PartitionRuntime,
  PartitionWorker,
  type CheckpointStore,
  type MessageDecoder,
  type GroupPolicy,
  type HttpOutPublish,
  type PartitionRuntimeOptions,
  type PartitionWorkerPorts,
  type RecordSink,
  type ResumePlan,
  type RestoreReport,
  type StateRebuild,
  type StepReport,
  type TaskDefinition,
  type TaskStatisticsBook,
  taskField,
} from '@vigil/evaluation';
import type { NodeRegistry } from '@vigil/tick-engine';
import type { BatchDecision, CheckpointedBatch, PartitionOffsets, TopicPartition } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import type { EvaluatorMetrics } from './evaluator-metrics';

export interface PartitionOwnersOptions {
  readonly tasks: readonly TaskDefinition[];
  readonly pointsTopic: string;
  readonly alertsTopic: string;
  /** The internal topic of each repartitioned task. */
  readonly repartitionTopics: ReadonlyMap<string, string>;
  readonly store: CheckpointStore;
  readonly sink: RecordSink;
  readonly decoder: MessageDecoder;
  readonly offsets: PartitionOffsets;
  readonly metrics: EvaluatorMetrics;
  readonly logger: Logger;
  /** Wall clock in ms. */
  readonly nowMs: () => number;
  /** The most records a rebuild of lost state reaches back; undefined: to the oldest retained record. */
  readonly rebuildMaxRecords?: bigint;
  /** Groups in memory, expiry and the group limit (EVALUATOR_GROUP_*, EVALUATOR_MAX_GROUPS_PER_TASK). */
  readonly groups?: GroupPolicy;
  /** Points per partition the retry window remembers (PartitionRuntimeOptions.retryWindowPoints). */
  readonly retryWindowPoints?: number;
  /** The engine set up with the cluster's and this evaluator's ids (`.ServerInfo`), and where tasks count node statistics. */
  readonly engine?: { readonly registry: NodeRegistry; readonly statistics: TaskStatisticsBook };
  /** Where each owned partition's `httpOut` nodes publish, dropped with the partition (EvaluatorHttpOut); default: nowhere. */
  readonly httpOut?: { publisherFor(scope: string): HttpOutPublish; drop(scope: string): void };
}

/** At most one line per task in this long about refused groups. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * The partitions this evaluator owns, each with its PartitionWorker: restored on assignment,
 * fed batch by batch, ticked on the clock, dropped on revocation. Points-topic partitions run the
 * local tasks and forward the points of repartitioned tasks; a repartition topic's partitions
 * run that one task.
 */
export class PartitionOwners {
  private readonly workers = new Map<string, PartitionWorker>();
  private readonly log: Logger;
  /** The tasks now: the boot's, then each set `replaceTasks` gave. */
  private tasks: readonly TaskDefinition[] = [];
  private repartitionTopics: ReadonlyMap<string, string> = new Map();
  private local: readonly TaskDefinition[] = [];
  private readonly byTopic = new Map<string, TaskDefinition>();
  /** Per owned partition, the tasks whose state starts fresh when the partition next changes tasks. */
  private readonly pending = new Map<string, { readonly partition: TopicPartition; readonly fresh: Set<string> }>();
  /** Per partition, the task change in progress; its batches and ticks wait for it. */
  private readonly swaps = new Map<string, Promise<void>>();
  /** Per task, refusals not logged yet and when the last line was written. */
  private readonly refusals = new Map<string, { pending: number; loggedAt: number | undefined }>();

  constructor(private readonly options: PartitionOwnersOptions) {
    this.log = options.logger;
    this.setTasks(options.tasks, options.repartitionTopics);
    // The node statistics show the groups each node holds on the owned partitions (working_cardinality).
    options.engine?.statistics.attachGroups(() => this.groupCounts());
  }

  /**
   * Runs a new set of tasks on every owned partition (the task API's define, enable, disable,
   * reload, delete), each at its batch boundary: the batch in flight finishes and saves its
   * checkpoint, the saved state of the `changed` tasks is removed from it, and a worker with the
   * new set restores from it. Every other task keeps its state; a new, changed or re-enabled task
   * starts empty, as Kapacitor starts a task anew. Resolves once every owned partition runs the
   * new set. A partition assigned later opens with the new set.
   */
  async replaceTasks(tasks: readonly TaskDefinition[], repartitionTopics: ReadonlyMap<string, string>, changed: ReadonlySet<string>): Promise<void> {
    this.setTasks(tasks, repartitionTopics);
    for (const [key, worker] of this.workers) {
      const entry = this.pending.get(key) ?? { partition: worker.partition, fresh: new Set<string>() };
      for (const name of changed) entry.fresh.add(name);
      this.pending.set(key, entry);
    }
    await Promise.all([...this.workers.values()].map((worker) => this.workerFor(worker.partition)));
  }

  private setTasks(tasks: readonly TaskDefinition[], repartitionTopics: ReadonlyMap<string, string>): void {
    this.tasks = tasks;
    this.options.engine?.statistics.retain(tasks.map((task) => task.name));
    this.repartitionTopics = repartitionTopics;
    this.local = tasks.filter((task) => task.placement.kind === 'local');
    this.byTopic.clear();
    for (const task of tasks) {
      const topic = repartitionTopics.get(task.name);
      if (topic !== undefined) this.byTopic.set(topic, task);
    }
  }

  /** The partition's worker once a task change pending for it is applied (undefined once revoked). */
  private async workerFor(tp: TopicPartition): Promise<PartitionWorker | undefined> {
    const key = keyOf(tp);
    // Checked without awaiting first, so a batch and a tick that ask together share one change.
    const entry = this.pending.get(key);
    if (entry) {
      this.pending.delete(key);
      const swap = this.swap(tp, entry.fresh).finally(() => {
        if (this.swaps.get(key) === swap) this.swaps.delete(key);
      });
      this.swaps.set(key, swap);
    }
    await this.swaps.get(key);
    return this.workers.get(key);
  }

  /**
   * Replaces a partition's worker with one running the current tasks. A crash in between leaves
   * the saved checkpoint, with or without the fresh tasks' state: the next owner restores it with
   * the tasks it reads from the tasks topic, and a task whose saved state no longer fits its script
   * starts empty there too (its state is kept only when the script is unchanged, e.g. a task
   * disabled and enabled again while this partition was between owners).
   */
  private async swap(tp: TopicPartition, fresh: ReadonlySet<string>): Promise<void> {
    const key = keyOf(tp);
    const before = this.workers.get(key);
    if (!before) return;
    await before.drain();
    await this.dropState(tp, fresh);
    const { worker, restore } = await PartitionWorker.open(tp, this.portsFor(tp), before.offset);
    // Revoked meanwhile: the next owner restores the partition itself.
    if (this.workers.get(key) !== before) return void worker.close();
    this.workers.set(key, worker);
    await before.close();
    this.log.info({ topic: tp.topic, partition: tp.partition, offset: worker.offset?.toString(), restored: restore.restored.length, fresh: [...fresh] }, 'tasks changed; the partition runs the new set from here');
  }

  /** Removes the saved state of tasks that start fresh, at the checkpoint's own offset (nothing was evaluated since). */
  private async dropState(tp: TopicPartition, tasks: ReadonlySet<string>): Promise<void> {
    const checkpoint = await this.options.store.load(tp);
    if (!checkpoint) return;
    const dropped = new Set([...tasks].map(taskField));
    if (!Object.keys(checkpoint.fields).some((field) => dropped.has(field))) return;
    const fields = Object.fromEntries(Object.entries(checkpoint.fields).filter(([field]) => !dropped.has(field)));
    const outcome = await this.options.store.save(tp, checkpoint.offset, { fields, base: checkpoint.offset });
    if (!outcome.saved) throw new CheckpointFencedError(tp, BigInt(checkpoint.offset), outcome.storedOffset);
  }

  /** Restores newly assigned partitions and says where each starts reading. */
  async onAssigned(partitions: readonly TopicPartition[]): Promise<ReadonlyMap<string, bigint>> {
    const started = this.options.nowMs();
    const committed = await this.options.offsets.committed(partitions);
    const starts = new Map<string, bigint>();
    await Promise.all(
      partitions.map(async (tp) => {
        const key = keyOf(tp);
        const { worker, plan, restore } = await PartitionWorker.open(tp, this.portsFor(tp), committed.get(key));
        const start = worker.offset ?? (await this.options.offsets.logStart(tp));
        this.logRestore(tp, plan, restore, start);
        // Its checkpoint age counts from here: when the last owner saved it is not known.
        this.options.metrics.evaluation.checkpointSaved(tp.topic, tp.partition);
        this.workers.set(key, worker);
        starts.set(key, start);
      }),
    );
    const finished = this.options.nowMs();
    this.options.metrics.restored(finished, (finished - started) / 1000);
    return starts;
  }

  /** Lets the batch in flight of each revoked partition finish, then drops its state. */
  async onRevoked(partitions: readonly TopicPartition[]): Promise<void> {
    for (const tp of partitions) {
      const key = keyOf(tp);
      this.pending.delete(key);
      await this.swaps.get(key)?.catch(() => undefined);
      const worker = this.workers.get(key);
      this.workers.delete(key);
      this.options.metrics.forget(tp.topic, tp.partition);
      await worker?.close();
      this.options.httpOut?.drop(key);
    }
  }

  /** Evaluates a batch and checkpoints it; the consumer commits when told to. */
  async handleBatch(batch: CheckpointedBatch): Promise<BatchDecision> {
    const tp = { topic: batch.topic, partition: batch.partition };
    const worker = await this.workerFor(tp);
    if (!worker) throw new Error(`batch for ${keyOf(tp)}, which has no restored state`);
    let outcome = await worker.processBatch(batch.messages);
    if ('seek' in outcome) {
      const logStart = await this.options.offsets.logStart(tp);
      if (logStart <= outcome.seek) {
        this.log.warn({ topic: tp.topic, partition: tp.partition, offset: outcome.seek.toString(), batchStart: batch.messages[0]?.offset }, 'batch does not start where the state ends; reading again from the state');
        return { seek: outcome.seek };
      }
      this.log.error({ topic: tp.topic, partition: tp.partition, offset: outcome.seek.toString(), logStart: logStart.toString() }, 'records were deleted from the log before they were evaluated; continuing after them');
      outcome = await worker.processBatch(batch.messages, logStart);
      if ('seek' in outcome) return { seek: outcome.seek };
    }
    const first = batch.messages[0];
    this.report(tp.topic, tp.partition, outcome, first === undefined ? undefined : acceptedMsOf(first));
    const last = batch.messages[batch.messages.length - 1];
    if (last) this.options.metrics.progressed({ ...tp, next: BigInt(last.offset) + 1n, highWatermark: batch.highWatermark, lastTimestampMs: last.timestampMs });
    return { commit: true };
  }

  /**
   * Advances the wall-clock nodes of every owned partition; one partition's failure spares the
   * others. Resolves with the partitions the consumer must read again from an offset: those whose
   * state a tick found lost, so that their rebuild starts without waiting for a new record.
   */
  async tick(): Promise<readonly { readonly partition: TopicPartition; readonly offset: bigint }[]> {
    const now = BigInt(this.options.nowMs()) * 1_000_000n;
    const seeks: { partition: TopicPartition; offset: bigint }[] = [];
    await Promise.all(
      [...this.workers.values()].map(async (owned) => {
        const { topic, partition } = owned.partition;
        try {
          const worker = await this.workerFor(owned.partition);
          if (!worker) return;
          const outcome = await worker.tick(now);
          if (outcome && 'seek' in outcome) {
            this.log.warn({ topic, partition, offset: outcome.seek.toString() }, 'tick found the state lost; reading again from where its rebuild starts');
            seeks.push({ partition: worker.partition, offset: outcome.seek });
          } else if (outcome) this.report(topic, partition, outcome);
        } catch (error) {
          this.log.warn({ err: error, topic, partition }, 'tick failed; the state is reloaded before the next batch or tick');
        }
      }),
    );
    return seeks;
  }

  /** Groups per task over all owned partitions, for the metrics. */
  taskGroups(): Map<string, number> {
    const groups = new Map<string, number>();
    for (const worker of this.workers.values()) {
      for (const stats of worker.current.taskStats()) groups.set(stats.task, (groups.get(stats.task) ?? 0) + stats.groups);
    }
    return groups;
  }

  /** Per task and owned partition, the groups each node holds (PartitionRuntime.groupCounts); the statistics book adds them up. */
  groupCounts(): [string, number[]][] {
    return [...this.workers.values()].flatMap((worker) => [...worker.current.groupCounts()]);
  }

  get owned(): number {
    return this.workers.size;
  }

  private portsFor(tp: TopicPartition): PartitionWorkerPorts {
    return {
      store: this.options.store,
      sink: this.options.sink,
      decoder: this.options.decoder,
      alertsTopic: this.options.alertsTopic,
      createRuntime: () => new PartitionRuntime(this.runtimeOptions(tp)),
      logStart: () => this.options.offsets.logStart(tp),
      ...(this.options.rebuildMaxRecords === undefined ? {} : { rebuildMaxRecords: this.options.rebuildMaxRecords }),
      stateLost: (rebuild) => this.stateLost(rebuild),
    };
  }

  /** A checkpoint the store held is gone or older: one error line and one count per rebuild. */
  private stateLost(rebuild: StateRebuild): void {
    const { partition } = rebuild;
    this.options.metrics.evaluation.stateRebuilt(rebuild);
    this.log.error(
      {
        topic: partition.topic,
        partition: partition.partition,
        ...rebuildLogFields(rebuild),
      },
      describeRebuild(rebuild),
    );
  }

  /** New groups refused by a task at its limit: counted always, logged once per task per interval. */
  private refused(task: string, count: number): void {
    const state = this.refusals.get(task) ?? { pending: 0, loggedAt: undefined };
    state.pending += count;
    const now = this.options.nowMs();
    if (state.loggedAt === undefined || now - state.loggedAt >= REFUSAL_LOG_INTERVAL_MS) {
      this.log.warn(
        { task, refused: state.pending, limit: this.options.groups?.maxGroups },
        'points of new groups refused: the task holds its most groups on a partition (EVALUATOR_MAX_GROUPS_PER_TASK); its existing groups go on',
      );
      state.pending = 0;
      state.loggedAt = now;
    }
    this.refusals.set(task, state);
  }

  private runtimeOptions(tp: TopicPartition): PartitionRuntimeOptions {
    const common = {
      topic: tp.topic,
      partition: tp.partition,
      now: () => BigInt(this.options.nowMs()) * 1_000_000n,
      log: (task: string, entry: { level: 'debug' | 'info' | 'warn' | 'error'; node: string; group?: string; message: string }) =>
        this.log[entry.level]({ task, node: entry.node, group: entry.group, topic: tp.topic, partition: tp.partition }, entry.message),
      observer: this.options.metrics.evaluation,
      ...(this.options.engine ? { registry: this.options.engine.registry, statistics: this.options.engine.statistics } : {}),
      ...(this.options.httpOut ? { publish: this.options.httpOut.publisherFor(keyOf(tp)) } : {}),
    };
    const repartitioned = this.byTopic.get(tp.topic);
    const groups = {
      ...(this.options.groups ? { groups: this.options.groups } : {}),
      ...(this.options.retryWindowPoints === undefined ? {} : { retryWindowPoints: this.options.retryWindowPoints }),
    };
    if (repartitioned) return { ...common, ...groups, tasks: [repartitioned], dedupBySource: true };
    const forwarded = this.tasks.flatMap((task) => {
      const topic = this.repartitionTopics.get(task.name);
      return topic === undefined ? [] : [{ definition: task, topic }];
    });
    return { ...common, ...groups, tasks: this.local, forwarded };
  }

  private report(topic: string, partition: number, report: StepReport, oldestAcceptedMs?: number): void {
    this.options.metrics.stepDone(topic, partition, report, oldestAcceptedMs);
    const { step } = report;
    for (const [task, refused] of step.refusedByTask) this.refused(task, refused);
    if (step.undecodable > 0 && step.firstUndecodable) {
      // One line per batch, never one per record.
      this.log.warn({ topic, partition, offset: step.firstUndecodable.offset.toString(), skipped: step.undecodable, reason: step.firstUndecodable.reason }, 'skipped records that are not points');
    }
    if (report.unencodable > 0) this.log.warn({ topic, partition, dropped: report.unencodable }, 'dropped alert events whose data JSON cannot carry (NaN or infinity), as Kapacitor does');
    if (step.unforwardable > 0) this.log.warn({ topic, partition, dropped: step.unforwardable }, 'dropped points with NaN or infinite fields that line protocol cannot forward to a repartition topic');
    if (report.rebuilt) this.log.info({ topic, partition, offset: report.rebuilt.offset.toString(), quietEvents: report.rebuilt.quietEvents }, 'lost state rebuilt up to where it was lost; events are written again from here');
  }

  private logRestore(tp: TopicPartition, plan: ResumePlan, restore: RestoreReport, start: bigint): void {
    const facts = { topic: tp.topic, partition: tp.partition, offset: start.toString(), restored: restore.restored.length };
    switch (plan.kind) {
      case 'fresh':
        this.log.info(facts, 'partition has no checkpoint and no committed offset; evaluating from the oldest record');
        break;
      case 'resume':
        this.log.info(facts, 'partition restored from its checkpoint');
        break;
      case 'resume-ahead':
        this.log.info({ ...facts, committed: plan.committed.toString() }, 'partition restored from a checkpoint ahead of the committed offset (the last owner stopped before committing)');
        break;
      case 'rewind-stale':
      case 'rewind-missing':
        // The store lost state Kafka says it had: stateLost has said so in an error line.
        break;
    }
    for (const failure of restore.failed) this.log.warn({ task: failure.task, topic: tp.topic, partition: tp.partition, reason: failure.reason }, 'saved task state does not fit the task any more; the task starts empty');
    if (restore.retryWindowError !== undefined) this.log.warn({ topic: tp.topic, partition: tp.partition, reason: restore.retryWindowError }, 'saved retry window could not be read; it starts empty, so a retry of a point written before is applied again');
  }
}

function keyOf(tp: TopicPartition): string {
  return `${tp.topic}:${tp.partition}`;
}
