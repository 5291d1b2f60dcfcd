import { BatchTaskSet, eventRecordOf, type BatchTaskRun, type CheckpointStore, type EmittedEvent, type PartitionRef, type RecordSink, type TaskDefinition, type TaskObserver } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import type { InfluxDBPort, PrometheusPort } from '@vigil/evaluation';
import { abortableDelay } from '../tailing/tailed-log';

/**
 * Where `vigil serve` keeps the batch tasks' checkpoint: a partition of its own in the state
 * database, apart from the point log's, since batch tasks read no points and their saves come at
 * run times, not with evaluation steps.
 */
export const BATCH_CHECKPOINT: PartitionRef = { topic: 'vigil.batch', partition: 0 };

export interface BatchLoopOptions {
  /** The enabled batch tasks (others are ignored). */
  readonly tasks: readonly TaskDefinition[];
  readonly influxdb?: InfluxDBPort;
  readonly prometheus?: PrometheusPort;
  readonly store: CheckpointStore;
  /** The event log, as the evaluation loop writes it: `send` resolves once the events are on disk. */
  readonly sink: RecordSink;
  readonly alertsTopic: string;
  /** How often the schedule is looked at: a run is made at most this late. */
  readonly intervalMs: number;
  /** Wait after a failed write of events or checkpoint before it is tried again. */
  readonly retryDelayMs: number;
  /** Wall clock in ms: when runs are due. Injected so tests move time instead of waiting for it. */
  readonly nowMs: () => number;
  readonly logger: Logger;
  readonly observer?: TaskObserver;
}

/** A run made whose events and checkpoint are not yet both on disk. */
interface Unsaved {
  readonly run: BatchTaskRun;
  readonly events: readonly EmittedEvent[];
  readonly fields: Record<string, string>;
}

/**
 * The batch tasks of `vigil serve`: looks at the schedule every `intervalMs`, makes every due run
 * in time order (all the missed ones after a restart, docs/batch-tasks.md), and after each run
 * writes its events to the event log (fsynced) and then saves every task's schedule and state in
 * one checkpoint write. A crash between the two leaves the old checkpoint: the run is made again
 * with the same run id, so its events get the same ids and the notifier's ledger drops those it
 * delivered. A crash after the save never makes the run again.
 */
export class BatchLoop {
  private readonly set: BatchTaskSet;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  /** The offset of the stored checkpoint: a count of saves, each save's base is the previous one. */
  private saved: bigint | undefined;
  private failing = false;

  constructor(private readonly options: BatchLoopOptions) {
    this.set = new BatchTaskSet(options.tasks, {
      ...(options.influxdb ? { influxdb: options.influxdb } : {}),
      ...(options.prometheus ? { prometheus: options.prometheus } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
      log: (task, entry) => {
        const fields = { task, node: entry.node, ...(entry.group === undefined ? {} : { group: entry.group }) };
        if (entry.level === 'error') options.logger.error(fields, entry.message);
        else if (entry.level === 'warn') options.logger.warn(fields, entry.message);
        else if (entry.level === 'info') options.logger.info(fields, entry.message);
        else options.logger.debug(fields, entry.message);
      },
    });
  }

  /** Restores the schedules from the checkpoint, gives new tasks their first run, and starts the loop. */
  async start(): Promise<void> {
    const { logger, store } = this.options;
    const checkpoint = await store.load(BATCH_CHECKPOINT);
    // Without batch tasks there is nothing to run, but the saved schedules of tasks removed or
    // disabled are dropped, so that a task enabled again starts afresh rather than catching up.
    if (this.set.size === 0 && (checkpoint === undefined || Object.keys(checkpoint.fields).length === 0)) return;
    this.saved = checkpoint === undefined ? undefined : BigInt(checkpoint.offset);
    const report = this.set.restore(checkpoint?.fields ?? {});
    for (const failure of report.failed) logger.warn({ task: failure.task, reason: failure.reason }, 'saved batch task state does not fit the task any more; its schedule starts afresh');
    this.set.start(this.nowNs());
    // The first runs of new tasks are kept at once, so that a restart before them does not move them.
    await this.save({ run: undefined, events: [], fields: this.set.fields() });
    if (this.set.size === 0) return;
    logger.info({ tasks: this.set.names, restored: report.restored }, 'batch tasks scheduled');
    this.running = this.loop();
  }

  /** Finishes the run in progress (its events and checkpoint are written) and stops. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** False while writing events or the checkpoint fails. */
  healthy(): boolean {
    return !this.failing;
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      for (const run of this.set.due(this.nowNs())) {
        if (signal.aborted) return;
        const events = await this.set.run(run);
        this.options.logger.debug({ task: run.task, node: run.node, run: run.id, events: events.length }, 'batch run made');
        if (!(await this.save({ run, events, fields: this.set.fields() }))) return;
      }
      await abortableDelay(this.options.intervalMs, signal);
    }
  }

  /**
   * Writes a run's events, then the checkpoint, trying again after a disk failure until both are
   * written or the server stops (then the run is made again at the next start). False when stopped.
   */
  private async save(unsaved: Omit<Unsaved, 'run'> & { run: BatchTaskRun | undefined }): Promise<boolean> {
    const { sink, store, alertsTopic, logger } = this.options;
    const records = this.recordsOf(unsaved.events);
    for (;;) {
      try {
        if (records.length > 0) await sink.send(records);
        const offset = (this.saved ?? 0n) + 1n;
        const outcome = await store.save(BATCH_CHECKPOINT, offset.toString(), { fields: unsaved.fields, base: this.saved === undefined ? null : this.saved.toString() });
        if (!outcome.saved) throw new Error(`the state database holds batch checkpoint ${outcome.storedOffset}, not ${this.saved ?? 'none'}: another process saved it`);
        this.saved = offset;
        if (this.failing) logger.info({ topic: alertsTopic }, 'batch task events and checkpoint written again');
        this.failing = false;
        return true;
      } catch (error) {
        if (!this.failing) logger.error({ err: error, ...(unsaved.run ? { task: unsaved.run.task, run: unsaved.run.id } : {}) }, 'writing batch task events or checkpoint failed; trying again');
        this.failing = true;
        if (this.stopping.signal.aborted) return false;
        await abortableDelay(this.options.retryDelayMs, this.stopping.signal);
        if (this.stopping.signal.aborted) return false;
      }
    }
  }

  private recordsOf(events: readonly EmittedEvent[]) {
    const records = [];
    for (const { eventId, event } of events) {
      try {
        records.push({ topic: this.options.alertsTopic, ...eventRecordOf(event, eventId) });
      } catch (error) {
        this.options.logger.error({ task: event.task, node: event.node, err: error }, 'an alert event could not be encoded and is dropped');
      }
    }
    return records;
  }

  private nowNs(): bigint {
    return BigInt(Math.floor(this.options.nowMs())) * 1_000_000n;
  }
}
