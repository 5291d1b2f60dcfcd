import type { CheckpointStore, PartitionRef, StoredCheckpoint } from '../checkpoint/checkpoint-store';
import { stateLossOf, stateRebuildOf, type StateRebuild } from '../checkpoint/state-loss';
import type { InputMessage, MessageDecoder } from '../decode/message-decoder';
import { eventRecordOf } from '@vigil/topic-contract';
import { CHECKPOINT_FIELDS, groupsSection, keysSection } from '../checkpoint/checkpoint-fields';
import type { DecodedMessage } from '../decode/message-decoder';
import type { PartitionRuntime, RestoreReport, StepResult } from '../runtime/partition-runtime';
import { planResume, type ResumePlan } from '../checkpoint/resume-plan';
import type { OutgoingRecord, RecordSink } from './record-sink';

export interface PartitionWorkerPorts {
  readonly store: CheckpointStore;
  readonly sink: RecordSink;
  readonly decoder: MessageDecoder;
  readonly alertsTopic: string;
  /** Builds a fresh runtime for the partition (at open and after a failed step). */
  readonly createRuntime: () => PartitionRuntime;
  /**
   * The oldest offset the partition's log retains: where a rebuild of lost state starts. Without
   * it a rebuild starts at offset 0, and `processBatch`'s `logStart` accepts what retention deleted.
   */
  readonly logStart?: () => Promise<bigint>;
  /** The most records a rebuild reaches back before the lost position; undefined: to the log start. */
  readonly rebuildMaxRecords?: bigint;
  /** Told once of every loss of state the store had, when its rebuild starts (log it, count it). */
  readonly stateLost?: (rebuild: StateRebuild) => void;
}

/** What one batch or tick did, for metrics and logs. */
export interface StepReport {
  readonly step: StepResult;
  /** Events whose data JSON cannot carry (NaN, infinities): dropped, as Kapacitor drops them. */
  readonly unencodable: number;
  readonly checkpointSaved: boolean;
  /** Groups read back from the store before the batch, dropped from memory and expired after its save. */
  readonly groups?: { readonly loaded: number; readonly evicted: number; readonly expired: number };
  /** Set on the step that brought a rebuild of lost state up to the position it was lost at. */
  readonly rebuilt?: { readonly offset: bigint; readonly quietEvents: number };
}

/** Returned instead of a report when the batch does not start where the state ends. */
export interface SeekRequest {
  readonly seek: bigint;
}

/** Thrown when the checkpoint store refused a save: another owner has written a newer offset. */
export class CheckpointFencedError extends Error {
  constructor(
    readonly partition: PartitionRef,
    readonly offset: bigint,
    readonly storedOffset: string,
  ) {
    super(`checkpoint of ${partition.topic}:${partition.partition} at ${offset} refused: the store holds ${storedOffset} (the partition has a newer owner)`);
    this.name = 'CheckpointFencedError';
  }
}

/**
 * Runs the checkpoint protocol for one owned partition. Per batch: apply the records to the
 * tasks, write the events (and forwarded points) and wait for the acknowledgement, then save the
 * state with the next offset atomically; the caller commits the offset to Kafka only after that.
 * A crash at any point therefore leaves either the old checkpoint (the batch is reprocessed and
 * its events written again with the same ids) or the new one (the batch is done). Batches and
 * ticks of one partition run one at a time.
 *
 * A store that lost a checkpoint it held (a Redis restarted without persistence, a failover to a
 * replica that missed writes) is noticed whenever the state is loaded: at open against the
 * group's committed offset, after a failed step against the last save the store confirmed. The
 * state is then rebuilt from the log (the oldest retained record, or a bounded number of records
 * back) with the events of records below the lost position suppressed, since they were written
 * before; the loss is reported through `stateLost`. It never continues with empty state at a
 * later offset.
 */
export class PartitionWorker {
  private runtime: PartitionRuntime;
  private stale = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The offset of the newest checkpoint the store is known to hold (commit at open, then confirmed saves). */
  private held: bigint | undefined;
  /** Records below this offset have had their events written: a rebuild does not write them again. */
  private written: bigint | undefined;
  /** Events suppressed by the rebuild in progress, until it reaches `written`. */
  private rebuilding: { quietEvents: number } | undefined;
  /**
   * Set when a reload after open rewound the state behind what the consumer has read. A batch
   * notices the gap itself; on an idle partition only a tick can ask the consumer to read back.
   */
  private rewound = false;

  private constructor(
    readonly partition: PartitionRef,
    private readonly ports: PartitionWorkerPorts,
  ) {
    this.runtime = ports.createRuntime();
  }

  /**
   * Loads the partition's checkpoint and decides where to read from: `offset` once it resolves
   * (the checkpoint's, or where the rebuild of a lost one starts), or the oldest record when
   * undefined (a partition never evaluated). `committed` is the group's committed offset.
   */
  static async open(partition: PartitionRef, ports: PartitionWorkerPorts, committed: bigint | undefined): Promise<{ worker: PartitionWorker; plan: ResumePlan; restore: RestoreReport }> {
    const worker = new PartitionWorker(partition, ports);
    worker.held = committed;
    worker.written = committed;
    const { restore, stored } = await worker.reload(true);
    return { worker, plan: planResume(stored, committed), restore };
  }

  /** The next offset the state expects (undefined before any checkpoint). */
  get offset(): bigint | undefined {
    return this.runtime.offset;
  }

  get current(): PartitionRuntime {
    return this.runtime;
  }

  /**
   * Processes one batch (records of this partition in offset order). Resolves with a report once
   * the checkpoint is saved, or with a SeekRequest when records between the state's offset and
   * the batch are missing (the consumer then seeks back and nothing is applied). Such a gap is
   * accepted only when the caller says the log now starts at or after the batch (`logStart`):
   * the missing records were deleted by retention and can never be read. Rejects when writing or
   * saving failed; the state is then rebuilt from the store before the next step.
   */
  processBatch(messages: readonly InputMessage[], logStart?: bigint): Promise<StepReport | SeekRequest> {
    return this.serialized(async () => {
      if (this.stale) await this.reload();
      this.rewound = false;
      const first = messages[0];
      const expected = this.runtime.offset;
      if (first !== undefined && expected !== undefined && BigInt(first.offset) > expected && (logStart === undefined || logStart < BigInt(first.offset))) {
        return { seek: expected };
      }
      const decoded = await this.ports.decoder.decodeAll(messages);
      const loaded = await this.loadGroups(decoded);
      const report = await this.commitStep(() => this.runtime.apply(decoded));
      return { ...report, groups: { ...(report.groups ?? { evicted: 0, expired: 0 }), loaded } };
    });
  }

  /**
   * Reads back, in one read per task, the saved groups the batch's points belong to that are not
   * in memory, so that the engine finds every group it had before the batch.
   */
  private async loadGroups(decoded: readonly DecodedMessage[]): Promise<number> {
    let loaded = 0;
    try {
      for (const [task, groups] of this.runtime.groupsToLoad(decoded)) {
        const { offset, entries } = await this.ports.store.readEntries(this.partition, groupsSection(task), groups);
        // Groups saved by another owner at a later offset already hold this batch's effects: the
        // partition moved on (this owner is about to be fenced), or the store lost state (the
        // reload notices). Either way the state is loaded again, never mixed.
        // `held` is the checkpoint this runtime's state is (its last load or confirmed save).
        if (offset !== this.held?.toString()) throw new CheckpointFencedError(this.partition, this.runtime.offset ?? 0n, offset ?? 'none');
        this.runtime.admit(task, entries);
        loaded += entries.size;
      }
    } catch (error) {
      this.stale = true;
      throw error;
    }
    return loaded;
  }

  /**
   * Runs the wall-clock nodes; saves a checkpoint only when a task has such nodes. Resolves with
   * a SeekRequest when a reload started a rebuild that no batch has asked to read for yet: the
   * consumer seeks back, or an idle partition would wait for a new record to rebuild and tick.
   */
  tick(now: bigint): Promise<StepReport | SeekRequest | undefined> {
    return this.serialized(async () => {
      if (this.stale) await this.reload();
      if (this.rewound && this.rebuilding && this.runtime.offset !== undefined) {
        this.rewound = false;
        return { seek: this.runtime.offset };
      }
      // While lost state is rebuilt, wall-clock nodes would judge groups that are not back yet.
      if (this.runtime.offset === undefined || this.rebuilding) return undefined;
      const report = await this.commitStep(() => this.runtime.tick(now), true);
      return report;
    });
  }

  /** Waits for the step in progress (used when the partition is revoked). */
  async drain(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /** Waits for the step in progress, then closes the tasks (their UDF agents end): the worker is dropped. */
  async close(): Promise<void> {
    await this.drain();
    this.runtime.close();
  }

  private async commitStep(apply: () => StepResult, onlyIfChanged = false): Promise<StepReport> {
    let step: StepResult;
    try {
      step = apply();
      const { records, unencodable } = this.recordsOf(step);
      if (onlyIfChanged && !step.changed) return { step, unencodable, checkpointSaved: false };
      if (records.length > 0) await this.ports.sink.send(records);
      // Only onto the checkpoint this state came from: the write holds only what changed since.
      const outcome = await this.ports.store.save(this.partition, step.offset.toString(), { ...step.write, base: this.held?.toString() ?? null });
      if (!outcome.saved) throw new CheckpointFencedError(this.partition, step.offset, outcome.storedOffset);
      this.held = step.offset;
      if (this.written === undefined || step.offset > this.written) this.written = step.offset;
      // Only now, with their state saved, may idle groups leave memory.
      const groups = { loaded: 0, ...this.runtime.saved() };
      return { step, unencodable, checkpointSaved: true, groups, ...this.rebuildProgress(step) };
    } catch (error) {
      // The in-memory state is ahead of what was saved; rebuild it before the next step.
      this.stale = true;
      throw error;
    }
  }

  private recordsOf(step: StepResult): { records: OutgoingRecord[]; unencodable: number } {
    const records: OutgoingRecord[] = [...step.forwards];
    let unencodable = 0;
    for (const { eventId, event, acceptedMs } of step.events) {
      try {
        records.push({ topic: this.ports.alertsTopic, ...eventRecordOf(event, eventId, acceptedMs) });
      } catch {
        unencodable += 1;
      }
    }
    return { records, unencodable };
  }

  /** Counts the suppressed events of a rebuild and says when it reached the lost position. */
  private rebuildProgress(step: StepResult): { rebuilt?: { offset: bigint; quietEvents: number } } {
    const rebuilding = this.rebuilding;
    if (!rebuilding) return {};
    rebuilding.quietEvents += step.quietEvents;
    if (this.written !== undefined && step.offset < this.written) return {};
    this.rebuilding = undefined;
    return { rebuilt: { offset: step.offset, quietEvents: rebuilding.quietEvents } };
  }

  /**
   * Replaces the runtime with the stored state. When the store lost the checkpoint it held, or
   * holds nothing after a step of this worker was applied, the state is rebuilt from the log
   * instead: an empty state placed at the rebuild's first record, so that a batch starting later
   * is answered with a seek back. At open, no checkpoint and no commit is a partition never
   * evaluated, which starts empty at the oldest record.
   */
  private async reload(opening = false): Promise<{ restore: RestoreReport; stored: bigint | undefined }> {
    const checkpoint = await this.ports.store.load(this.partition);
    const stored = checkpoint === undefined ? undefined : BigInt(checkpoint.offset);
    const loss = stateLossOf(stored, this.held);
    const runtime = this.ports.createRuntime();
    let restoring: StoredCheckpoint | undefined = checkpoint;
    let rebuild: StateRebuild | undefined;
    if (loss !== undefined || (checkpoint === undefined && !opening)) {
      const logStart = this.ports.logStart ? await this.ports.logStart() : 0n;
      const facts = { held: this.held ?? 0n, found: stored, quietUntil: this.written ?? logStart, logStart, ...(this.ports.rebuildMaxRecords === undefined ? {} : { maxRecords: this.ports.rebuildMaxRecords }) };
      const described = stateRebuildOf(this.partition, loss ?? 'missing', facts);
      if (loss !== undefined) rebuild = described;
      if (checkpoint === undefined) restoring = { offset: described.from.toString(), fields: {} };
    }
    const keys = checkpoint === undefined ? new Map<string, (readonly [string, string])[]>() : await this.loadKeys(runtime);
    const window = checkpoint === undefined ? [] : await this.loadEntries(CHECKPOINT_FIELDS.retryWindowSection);
    const restore = runtime.restore(restoring, keys, window);
    if (this.written !== undefined) runtime.quietUntil(this.written);
    const replaced = this.runtime;
    this.runtime = runtime;
    replaced.close();
    this.held = stored;
    this.stale = false;
    if (this.written !== undefined && runtime.offset !== undefined && runtime.offset < this.written) {
      this.rebuilding ??= { quietEvents: 0 };
      // At open the caller starts the consumer at the state's offset.
      this.rewound = !opening;
    }
    if (rebuild) this.ports.stateLost?.(rebuild);
    return { restore, stored };
  }

  /** The keys of every task that checkpoints by group, streamed from the store. */
  private async loadKeys(runtime: PartitionRuntime): Promise<Map<string, (readonly [string, string])[]>> {
    const keys = new Map<string, (readonly [string, string])[]>();
    for (const task of runtime.incrementalTasks()) keys.set(task, await this.loadEntries(keysSection(task)));
    return keys;
  }

  /** Every entry of a section of the checkpoint, streamed from the store. */
  private async loadEntries(section: string): Promise<(readonly [string, string])[]> {
    const entries: (readonly [string, string])[] = [];
    for await (const chunk of this.ports.store.scanEntries(this.partition, section)) entries.push(...chunk);
    return entries;
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
