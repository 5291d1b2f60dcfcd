import type { CheckpointStore, PartitionRef } from '../checkpoint/checkpoint-store';
import type { InputMessage, MessageDecoder } from '../decode/message-decoder';
import { eventRecordOf } from '../events/event-record';
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
}

/** What one batch or tick did, for metrics and logs. */
export interface StepReport {
  readonly step: StepResult;
  /** Events whose data JSON cannot carry (NaN, infinities): dropped, as Kapacitor drops them. */
  readonly unencodable: number;
  readonly checkpointSaved: boolean;
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
 */
export class PartitionWorker {
  private runtime: PartitionRuntime;
  private stale = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly partition: PartitionRef,
    private readonly ports: PartitionWorkerPorts,
  ) {
    this.runtime = ports.createRuntime();
  }

  /** Loads the partition's checkpoint and decides where to read from. */
  static async open(partition: PartitionRef, ports: PartitionWorkerPorts, committed: bigint | undefined): Promise<{ worker: PartitionWorker; plan: ResumePlan; restore: RestoreReport }> {
    const worker = new PartitionWorker(partition, ports);
    const restore = await worker.reload();
    return { worker, plan: planResume(restore.offset, committed), restore };
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
      const first = messages[0];
      const expected = this.runtime.offset;
      if (first !== undefined && expected !== undefined && BigInt(first.offset) > expected && (logStart === undefined || logStart < BigInt(first.offset))) {
        return { seek: expected };
      }
      const decoded = await this.ports.decoder.decodeAll(messages);
      return this.commitStep(() => this.runtime.apply(decoded));
    });
  }

  /** Runs the wall-clock nodes; saves a checkpoint only when a task has such nodes. */
  tick(now: bigint): Promise<StepReport | undefined> {
    return this.serialized(async () => {
      if (this.stale) await this.reload();
      if (this.runtime.offset === undefined) return undefined;
      const report = await this.commitStep(() => this.runtime.tick(now), true);
      return report;
    });
  }

  /** Waits for the step in progress (used when the partition is revoked). */
  async drain(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private async commitStep(apply: () => StepResult, onlyIfChanged = false): Promise<StepReport> {
    let step: StepResult;
    try {
      step = apply();
      const { records, unencodable } = this.recordsOf(step);
      if (onlyIfChanged && !step.changed) return { step, unencodable, checkpointSaved: false };
      if (records.length > 0) await this.ports.sink.send(records);
      const outcome = await this.ports.store.save(this.partition, step.offset.toString(), step.fields);
      if (!outcome.saved) throw new CheckpointFencedError(this.partition, step.offset, outcome.storedOffset);
      return { step, unencodable, checkpointSaved: true };
    } catch (error) {
      // The in-memory state is ahead of what was saved; rebuild it before the next step.
      this.stale = true;
      throw error;
    }
  }

  private recordsOf(step: StepResult): { records: OutgoingRecord[]; unencodable: number } {
    const records: OutgoingRecord[] = [...step.forwards];
    let unencodable = 0;
    for (const { eventId, event } of step.events) {
      try {
        records.push({ topic: this.ports.alertsTopic, ...eventRecordOf(event, eventId) });
      } catch {
        unencodable += 1;
      }
    }
    return { records, unencodable };
  }

  private async reload(): Promise<RestoreReport> {
    const checkpoint = await this.ports.store.load(this.partition);
    const runtime = this.ports.createRuntime();
    const report = runtime.restore(checkpoint);
    this.runtime = runtime;
    this.stale = false;
    return report;
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
