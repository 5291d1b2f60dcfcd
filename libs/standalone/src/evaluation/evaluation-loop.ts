import {
  acceptedMsOf,
  groupsSection,
  keysSection,
  describeRebuild,
  rebuildLogFields,
  PartitionRuntime,
  PartitionWorker,
  CHECKPOINT_FIELDS,
  type CheckpointStore,
  type GroupPolicy,
  type InputMessage,
  type MessageDecoder,
  type PartitionRef,
  type PartitionRuntimeOptions,
  type RecordSink,
  type SectionWrite,
  type StateRebuild,
  type StepReport,
  type TaskDefinition,
  type TaskObserver,
} from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { abortableDelay, type TailedLog } from '../tailing/tailed-log';
import type { StoredLogRecord } from '../storage/record-log/log-record';
import type { CheckpointWitness } from '../storage/checkpoint/checkpoint-witness';
import { isHandedOver } from '../points/handover-point-log';
import { GroupRefusals } from './group-refusals';
import type { StandaloneEngine } from './standalone-engine';
import { FailureLog } from '../storage/health/failure-log';
import { HandedOverDecoder, type HandedOverMessage } from './handed-over-decoder';

export interface EvaluationLoopOptions {
  /** The point log, read from the checkpoint's offset on. */
  readonly points: TailedLog;
  /** The name checkpoints and event ids use for the point log (its one partition is 0). */
  readonly pointsTopic: string;
  readonly alertsTopic: string;
  /** Every task runs here: one partition holds every group. */
  readonly tasks: readonly TaskDefinition[];
  readonly store: CheckpointStore;
  /**
   * The offset of the newest checkpoint the store confirmed, kept outside it: compared with the
   * store at start, so that a lost or older state database is rebuilt, never taken for a new one.
   */
  readonly witness: CheckpointWitness;
  /** Groups in memory, their expiry and the group limit (docs/evaluator.md, "State by group"). */
  readonly groups?: GroupPolicy;
  /** The most records a rebuild of lost state reads back before the lost position; undefined: from the point log start. */
  readonly rebuildMaxRecords?: bigint;
  /** Told of every rebuild of lost state (one error line is logged here), for the metrics. */
  readonly onStateLost?: (rebuild: StateRebuild) => void;
  /** Receives each step's events; resolves once they are durable in the event log. */
  readonly sink: RecordSink;
  readonly decoder: MessageDecoder;
  /** Most records per batch, i.e. per checkpoint. */
  readonly batchRecords: number;
  /**
   * Most value bytes per batch (at least one record), as a Kafka fetch is bounded per partition:
   * records of whole 5000-line requests would otherwise make batches of millions of points.
   */
  readonly batchBytes: number;
  /**
   * Least time between the starts of two steps, unless a whole batch (batchRecords or batchBytes)
   * is waiting: a trickle of small writes then shares one step's fixed costs (the events' fsync,
   * the checkpoint's transaction) instead of paying them per request. 0 or undefined: a step as
   * soon as records arrive.
   */
  readonly stepIntervalMs?: number;
  /** How often wall-clock nodes (deadman, ...) are ticked. */
  readonly tickIntervalMs: number;
  /** Wait after a failed step (disk full, ...) before the batch is tried again. */
  readonly retryDelayMs: number;
  /** Wall clock in ms. */
  readonly nowMs: () => number;
  readonly logger: Logger;
  /** Told of each step; `oldestAcceptedMs`: when its first point-log record was accepted (none for ticks). */
  readonly onStep?: (report: StepReport, oldestAcceptedMs?: number) => void;
  /** Evaluation errors and dropped events, per task, for metrics. */
  readonly observer?: TaskObserver;
  /** The engine set up with the data folder's ids, and the node statistics kept across loops. */
  readonly engine?: StandaloneEngine;
}

/**
 * The evaluator of standalone mode: the distributed evaluator's PartitionWorker over one
 * partition, fed from the point log instead of a Kafka consumer. The worker's protocol is
 * unchanged (apply a batch, write its events and wait for the fsync, save the checkpoint with the
 * next offset), so a crash at any moment leaves either the old checkpoint, and the batch is
 * evaluated again with the same event ids, or the new one.
 */
export class EvaluationLoop {
  private worker: PartitionWorker | undefined;
  private next = 0n;
  /** Ends the wait for a new point when a tick moved `next` back (a rebuild of lost state starts). */
  private wake: AbortController | undefined;
  private checkpointed: bigint | undefined;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private failing = false;
  /** When the last step started (performance.now()), for stepIntervalMs. */
  private stepStartedAt = Number.NEGATIVE_INFINITY;
  private readonly failures: FailureLog;
  private readonly tickFailures: FailureLog;
  private witnessing: Promise<void> = Promise.resolve();
  private readonly refusals: GroupRefusals;
  private readonly partition: PartitionRef;
  /** Detaches this loop's tasks from the statistics book's group counts. */
  private detachGroups: (() => void) | undefined;

  constructor(private readonly options: EvaluationLoopOptions) {
    this.partition = { topic: options.pointsTopic, partition: 0 };
    this.refusals = new GroupRefusals(options.logger, options.nowMs, options.groups?.maxGroups);
    this.failures = new FailureLog(options.logger, { failed: 'evaluating points failed; the batch is tried again from the checkpoint until it succeeds', recovered: 'evaluating points succeeds again' }, options.nowMs);
    // A tick runs every tickIntervalMs; a full disk fails each one alike (a deadman's event cannot be written).
    this.tickFailures = new FailureLog(options.logger, { failed: 'tick failed; the state is reloaded before the next batch, and ticks go on', recovered: 'ticks succeed again' }, options.nowMs);
  }

  /**
   * Restores the checkpoint and starts tailing the point log and ticking. The store is compared
   * with what it is known to have held: the witness file, and the point log's start (retention
   * deletes only records below a saved checkpoint). A store that holds less is rebuilt from the
   * point log with the events of the records below the lost position left unwritten
   * (docs/evaluator.md, "A store that lost checkpoints").
   */
  async start(): Promise<void> {
    const { options } = this;
    const ports = {
      store: options.store,
      sink: options.sink,
      // Records the write endpoint handed over in memory keep their parsed points (parse once).
      decoder: new HandedOverDecoder(options.decoder),
      alertsTopic: options.alertsTopic,
      createRuntime: () => this.createRuntime(),
      logStart: async () => options.points.start(),
      ...(options.rebuildMaxRecords === undefined ? {} : { rebuildMaxRecords: options.rebuildMaxRecords }),
      stateLost: (rebuild: StateRebuild) => this.stateLost(rebuild),
    };
    const { worker, plan, restore } = await PartitionWorker.open(this.partition, ports, await this.heldOffset());
    this.worker = worker;
    this.checkpointed = restore.offset;
    const start = options.points.start();
    const target = worker.offset;
    this.next = target === undefined || target < start ? start : target;
    const facts = { topic: options.pointsTopic, partition: 0, offset: this.next.toString(), restored: restore.restored.length };
    if (target !== undefined && target < start) options.logger.error({ ...facts, checkpoint: target.toString() }, 'points below the point log start were never evaluated; continuing after them');
    // At debug: vigil serve says one line at start (its listening line); a problem is a warning or an error.
    else if (plan.kind === 'fresh') options.logger.debug(facts, 'no checkpoint; evaluating the point log from its start');
    else if (plan.kind === 'resume' || plan.kind === 'resume-ahead') options.logger.debug(facts, 'evaluator restored from its checkpoint');
    for (const failure of restore.failed) options.logger.warn({ task: failure.task, reason: failure.reason }, 'saved task state does not fit the task any more; the task starts empty');
    if (restore.unknown.length > 0) await this.dropStateOf(restore.unknown);
    this.running = this.run();
    this.ticker = setInterval(() => this.tick(), options.tickIntervalMs);
    this.detachGroups = options.engine?.statistics.attachGroups(() => this.worker?.current.groupCounts() ?? []);
  }

  /** The newest checkpoint offset the store is known to have held, from outside the store. */
  private async heldOffset(): Promise<bigint | undefined> {
    const witnessed = await this.options.witness.load();
    const start = this.options.points.start();
    const retained = start > 0n ? start : undefined;
    if (witnessed === undefined) return retained;
    return retained === undefined || witnessed > retained ? witnessed : retained;
  }

  /** One error line per rebuild of lost state, naming what was lost and what the rebuild covers. */
  private stateLost(rebuild: StateRebuild): void {
    const { logger, pointsTopic } = this.options;
    this.options.onStateLost?.(rebuild);
    logger.error(
      {
        topic: pointsTopic,
        partition: 0,
        ...rebuildLogFields(rebuild),
      },
      describeRebuild(rebuild),
    );
  }

  /**
   * Removes from the checkpoint the state of tasks that no longer run (deleted or disabled). The
   * next step's checkpoint would leave it out anyway, but until then a task enabled or defined
   * again would restore it: dropping it at once makes a disabled task start empty when it is
   * enabled, whether or not points arrived in between, as a Kapacitor task starts anew. Nothing
   * was evaluated yet, so the checkpoint saved again at its own offset is still this loop's state.
   */
  private async dropStateOf(fields: readonly string[]): Promise<void> {
    const { store, logger } = this.options;
    const checkpoint = await store.load(this.partition);
    if (!checkpoint) return;
    const kept = Object.fromEntries(Object.entries(checkpoint.fields).filter(([field]) => !fields.includes(field)));
    // A task saved by group keeps its groups and keys in sections of their own: emptied with it.
    const emptied: SectionWrite = { replace: true, set: new Map(), delete: [] };
    const sections = new Map<string, SectionWrite>();
    for (const field of fields) {
      if (!field.startsWith(CHECKPOINT_FIELDS.taskPrefix)) continue;
      const task = field.slice(CHECKPOINT_FIELDS.taskPrefix.length);
      sections.set(groupsSection(task), emptied).set(keysSection(task), emptied);
    }
    await store.save(this.partition, checkpoint.offset, { fields: kept, sections, base: checkpoint.offset });
    logger.info({ topic: this.options.pointsTopic, partition: 0, fields }, 'dropped the saved state of tasks that no longer run');
  }

  /** The offset of the last saved checkpoint: points below it may be deleted. */
  checkpointOffset(): bigint | undefined {
    return this.checkpointed;
  }

  /** False while steps fail (the disk refuses the events or the checkpoint), for readiness. */
  healthy(): boolean {
    return this.worker !== undefined && !this.failing && !this.stopping.signal.aborted;
  }

  /** The next point-log offset to evaluate. */
  position(): bigint {
    return this.next;
  }

  /** Finishes the batch in progress (its checkpoint is saved) and stops reading and ticking. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.ticker);
    await this.running;
    await this.ticking;
    await this.worker?.close();
    await this.witnessing;
    this.detachGroups?.();
  }

  private async run(): Promise<void> {
    const { points, batchRecords } = this.options;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      if (this.next >= points.end()) {
        const woken = new AbortController();
        this.wake = woken;
        await points.waitForAppend(this.next, AbortSignal.any([signal, woken.signal]));
        continue;
      }
      try {
        let records = await points.read(this.next, batchRecords);
        const wait = this.untilNextStep(records);
        if (wait > 0) {
          // Less than a batch so far: let more requests join this step, then read only what came.
          await abortableDelay(wait, signal);
          if (signal.aborted) break;
          records = records.concat(await points.read(this.next + BigInt(records.length), batchRecords - records.length));
        }
        this.stepStartedAt = performance.now();
        await this.evaluate(boundedByBytes(records, this.options.batchBytes));
        this.failing = false;
        this.failures.succeeded({ topic: this.options.pointsTopic, partition: 0, offset: this.next.toString() });
      } catch (error) {
        this.failing = true;
        // One line when it starts failing (a full disk fails every retry alike), one when it recovers.
        this.failures.failed(error, { topic: this.options.pointsTopic, partition: 0, offset: this.next.toString() });
        await abortableDelay(this.options.retryDelayMs, signal);
      }
    }
  }

  /** How long to wait before stepping over `records` (stepIntervalMs), or 0 when they fill a step or the interval has passed. */
  private untilNextStep(records: readonly StoredLogRecord[]): number {
    const interval = this.options.stepIntervalMs ?? 0;
    if (interval <= 0 || records.length >= this.options.batchRecords) return 0;
    if (records.reduce((bytes, record) => bytes + record.value.length, 0) >= this.options.batchBytes) return 0;
    return this.stepStartedAt + interval - performance.now();
  }

  private async evaluate(records: readonly StoredLogRecord[]): Promise<void> {
    const worker = this.worker as PartitionWorker;
    const last = records.at(-1);
    if (last === undefined) return;
    const outcome = await worker.processBatch(records.map(inputMessageOf), this.options.points.start());
    if ('seek' in outcome) {
      // A failed step left the state behind this batch; read again from where the checkpoint ends.
      this.next = outcome.seek;
      return;
    }
    this.next = last.offset + 1n;
    if (outcome.checkpointSaved) this.saved(outcome.step.offset);
    this.report(outcome, acceptedMsOf(inputMessageOf(records[0] as StoredLogRecord)));
  }

  /** A checkpoint the store confirmed: points below it may be deleted, and the witness says it was held. */
  private saved(offset: bigint): void {
    this.checkpointed = offset;
    this.witnessing = this.options.witness.record(offset).catch((error: unknown) => this.options.logger.warn({ err: error, path: this.options.witness.path }, 'writing the evaluated position failed; a lost state database is noticed only from an earlier one'));
  }

  /** Ticks run one at a time; a slow one makes the next interval skip rather than pile up. */
  private tick(): void {
    const worker = this.worker;
    if (this.ticking || !worker) return;
    const now = BigInt(this.options.nowMs()) * 1_000_000n;
    this.ticking = worker
      .tick(now)
      .then((report) => {
        this.tickFailures.succeeded({ topic: this.options.pointsTopic, partition: 0 });
        if (!report) return;
        // The state was found lost: its rebuild reads the point log again without waiting for a new point.
        if ('seek' in report) {
          this.next = report.seek;
          this.wake?.abort();
          return;
        }
        if (report.checkpointSaved) this.saved(report.step.offset);
        this.report(report);
      })
      .catch((error: unknown) => this.tickFailures.failed(error, { topic: this.options.pointsTopic, partition: 0 }))
      .finally(() => {
        this.ticking = undefined;
      });
  }

  private report(report: StepReport, oldestAcceptedMs?: number): void {
    const { logger, pointsTopic } = this.options;
    const { step } = report;
    this.options.onStep?.(report, oldestAcceptedMs);
    if (step.undecodable > 0 && step.firstUndecodable) {
      logger.warn({ topic: pointsTopic, partition: 0, offset: step.firstUndecodable.offset.toString(), skipped: step.undecodable, reason: step.firstUndecodable.reason }, 'skipped records that are not points');
    }
    if (report.unencodable > 0) logger.warn({ topic: pointsTopic, partition: 0, dropped: report.unencodable }, 'dropped alert events whose data JSON cannot carry (NaN or infinity), as Kapacitor does');
    for (const [task, refused] of step.refusedByTask) this.refusals.refused(task, refused);
    if (report.rebuilt) logger.info({ topic: pointsTopic, partition: 0, offset: report.rebuilt.offset.toString(), quietEvents: report.rebuilt.quietEvents }, 'lost state rebuilt up to where it was lost; events are written again from here');
  }

  private createRuntime(): PartitionRuntime {
    const { logger, pointsTopic } = this.options;
    return new PartitionRuntime({
      topic: pointsTopic,
      partition: 0,
      tasks: this.options.tasks,
      now: () => BigInt(this.options.nowMs()) * 1_000_000n,
      log: (task, entry) => logger[entry.level]({ task, node: entry.node, group: entry.group, topic: pointsTopic, partition: 0 }, entry.message),
      ...(this.options.observer === undefined ? {} : { observer: this.options.observer }),
      ...(this.options.groups === undefined ? {} : { groups: this.options.groups }),
      ...(this.options.engine === undefined ? {} : engineParts(this.options.engine)),
    });
  }
}

/** The longest prefix of the records within `limit` value bytes, and never empty. */
function boundedByBytes(records: readonly StoredLogRecord[], limit: number): readonly StoredLogRecord[] {
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    bytes += (records[i] as StoredLogRecord).value.length;
    if (bytes > limit && i > 0) return records.slice(0, i);
  }
  return records;
}

/** A point-log record as the evaluator's decoder reads a Kafka message. */
function inputMessageOf(record: StoredLogRecord): InputMessage {
  if (isHandedOver(record)) {
    const message: HandedOverMessage = { offset: record.offset.toString(), value: null, headers: record.headers, timestampMs: 0, points: record.points };
    return message;
  }
  // Every line carries its own time (pointRecordsOf writes it; requestRecordOf keeps only requests
  // without timeless lines), so the record time the decoder would give timeless lines is never used.
  return { offset: record.offset.toString(), value: Buffer.from(record.value, 'utf8'), headers: record.headers, timestampMs: 0 };
}

/** What the runtime takes from the server's engine: its nodes, the statistics book, where httpOut publishes. */
function engineParts(engine: StandaloneEngine): Pick<PartitionRuntimeOptions, 'registry' | 'statistics' | 'publish'> {
  const { outputs } = engine;
  return { registry: engine.registry, statistics: engine.statistics, publish: (task, endpoint, group, message) => outputs.publish(task, endpoint, group, message) };
}
