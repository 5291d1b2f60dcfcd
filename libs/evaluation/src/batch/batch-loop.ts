import { setTimeout as sleep } from 'node:timers/promises';
import { eventRecordOf } from '@vigil/topic-contract';
import type { CheckpointStore, PartitionRef } from '../checkpoint/checkpoint-store';
import type { EmittedEvent } from '../runtime/partition-runtime';
import type { HttpOutPublish, TaskObserver } from '../runtime/task-instance';
import type { TaskStatisticsBook } from '../statistics/task-statistics-book';
import type { NodeRegistry } from '@vigil/tick-engine';
import type { TaskDefinition } from '../tasks/task-definition';
import type { OutgoingRecord, RecordSink } from '../worker/record-sink';
import type { BatchRunResult } from './batch-task-runner';
import { BatchTaskSet, type BatchTaskRun } from './batch-task-set';
import type { InfluxDBPort } from './influxdb-port';
import type { PrometheusPort } from './prometheus-port';

/** The structured log the loop writes to (pino's Logger fits). */
export interface BatchLoopLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Counts batch runs (`EvaluationMetrics` in serve and the evaluator). */
export interface BatchRunObserver {
  batchRun(task: string, run: { readonly node: string; readonly points: number; readonly failed: boolean }): void;
}

export interface BatchLoopOptions {
  /** The enabled tasks; only the batch tasks among them run here. */
  readonly tasks: readonly TaskDefinition[];
  readonly influxdb?: InfluxDBPort;
  readonly prometheus?: PrometheusPort;
  readonly store: CheckpointStore;
  /** Where the batch tasks' checkpoint is kept in the store. */
  readonly checkpoint: PartitionRef;
  /** Alert events: `send` resolves once they are durable (fsynced, or acknowledged by Kafka). */
  readonly sink: RecordSink;
  readonly alertsTopic: string;
  /** How often the schedule is looked at: a run is made at most this late. */
  readonly intervalMs: number;
  /** Wait after a failed write of events or checkpoint before it is tried again. */
  readonly retryDelayMs: number;
  /** Wall clock in ms: when runs are due. Injected so tests move time instead of waiting for it. */
  readonly nowMs: () => number;
  readonly logger: BatchLoopLogger;
  readonly observer?: TaskObserver;
  /** Told of every run this process makes (a run made again after a crash counts again). */
  readonly runs?: BatchRunObserver;
  /** The host's engine nodes and statistics book, shared with its stream tasks. */
  readonly registry?: NodeRegistry;
  readonly statistics?: TaskStatisticsBook;
  /** Where the tasks' `httpOut` nodes put each group's latest batch; default: nowhere. */
  readonly publish?: HttpOutPublish;
}

/**
 * Runs a host's batch tasks on their schedule: looks at it every `intervalMs`, makes every due
 * run in time order (all the missed ones after a restart or a handover, docs/batch-tasks.md),
 * and after each run writes its events to the sink and then saves every task's schedule and state
 * in one fenced checkpoint write (the offset counts saves, each save's base is the previous one).
 *
 * - A crash between the events and the save leaves the old checkpoint: the run is made again
 *   with the same run id, so its events get the same ids and the notifier drops the repeats.
 * - A crash after the save never makes the run again.
 * - A save refused because another host saved first (the new owner after a handover, or the old
 *   one finishing its run) reloads the stored checkpoint and goes on from it: the other host's
 *   runs are not made again, and those made by both gave the same event ids.
 */
export class BatchLoop {
  private set: BatchTaskSet;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  /** The offset of the stored checkpoint: a count of saves. */
  private saved: bigint | undefined;
  private failing = false;
  /** Detaches this loop's tasks from the statistics book's group counts. */
  private detachGroups: (() => void) | undefined;

  constructor(private readonly options: BatchLoopOptions) {
    this.set = this.newSet();
  }

  /** Restores the schedules from the checkpoint, gives new tasks their first run, and starts the loop. */
  async start(): Promise<void> {
    const { logger } = this.options;
    this.detachGroups = this.options.statistics?.attachGroups(() => this.set.groupCounts());
    const restored = await this.restore();
    if (restored === undefined) return;
    // The first runs of new tasks are kept at once, so that a restart before them does not move them.
    await this.save(undefined, []);
    if (this.set.size === 0) return;
    logger.info({ tasks: this.set.names, restored }, 'batch tasks scheduled');
    this.running = this.loop();
  }

  /** Finishes the run in progress (its events and checkpoint are written) and stops. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    this.detachGroups?.();
    this.set.close();
  }

  /** False while writing events or the checkpoint fails. */
  healthy(): boolean {
    return !this.failing;
  }

  get tasks(): readonly string[] {
    return this.set.names;
  }

  /**
   * Loads the checkpoint into a fresh set; undefined when there is nothing to do at all (no batch
   * task and no saved schedule). Without batch tasks the saved schedules of tasks removed or
   * disabled are still dropped by the next save, so a task enabled again starts afresh.
   */
  private async restore(): Promise<readonly string[] | undefined> {
    const { logger, store, checkpoint: partition } = this.options;
    const checkpoint = await store.load(partition);
    if (this.set.size === 0 && (checkpoint === undefined || Object.keys(checkpoint.fields).length === 0)) return undefined;
    this.saved = checkpoint === undefined ? undefined : BigInt(checkpoint.offset);
    const replaced = this.set;
    this.set = this.newSet();
    replaced.close();
    const report = this.set.restore(checkpoint?.fields ?? {});
    for (const failure of report.failed) logger.warn({ task: failure.task, reason: failure.reason }, 'saved batch task state does not fit the task any more; its schedule starts afresh');
    this.set.start(this.nowNs());
    return report.restored;
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      for (const run of this.set.due(this.nowNs())) {
        if (signal.aborted) return;
        const events = await this.set.run(run);
        this.options.logger.debug({ task: run.task, node: run.node, run: run.id, events: events.length }, 'batch run made');
        const outcome = await this.save(run, events);
        if (outcome === 'stopped') return;
        // Another host saved first: its schedule is the one to follow.
        if (outcome === 'fenced') break;
      }
      await this.pause(this.options.intervalMs);
    }
  }

  /**
   * Writes a run's events, then the checkpoint, trying again after a failure until both are
   * written, the store holds another host's save (`fenced`: reloaded from it) or the loop stops
   * (the run is then made again at the next start).
   */
  private async save(run: BatchTaskRun | undefined, events: readonly EmittedEvent[]): Promise<'saved' | 'fenced' | 'stopped'> {
    const { sink, store, logger, checkpoint } = this.options;
    const records = this.recordsOf(events);
    const fields = this.set.fields();
    const where = run ? { task: run.task, run: run.id } : {};
    for (;;) {
      try {
        if (records.length > 0) await sink.send(records);
        const offset = (this.saved ?? 0n) + 1n;
        const outcome = await store.save(checkpoint, offset.toString(), { fields, base: this.saved === undefined ? null : this.saved.toString() });
        if (!outcome.saved) {
          logger.warn({ ...where, stored: outcome.storedOffset, expected: this.saved?.toString() ?? 'none' }, 'the batch checkpoint was saved by another host; going on from its schedule');
          await this.restore();
          return 'fenced';
        }
        this.saved = offset;
        if (this.failing) logger.info(where, 'batch task events and checkpoint written again');
        this.failing = false;
        return 'saved';
      } catch (error) {
        if (!this.failing) logger.error({ err: error, ...where }, 'writing batch task events or checkpoint failed; trying again');
        this.failing = true;
        if (this.stopping.signal.aborted) return 'stopped';
        await this.pause(this.options.retryDelayMs);
        if (this.stopping.signal.aborted) return 'stopped';
      }
    }
  }

  private recordsOf(events: readonly EmittedEvent[]): OutgoingRecord[] {
    const records: OutgoingRecord[] = [];
    for (const { eventId, event } of events) {
      try {
        records.push({ topic: this.options.alertsTopic, ...eventRecordOf(event, eventId) });
      } catch (error) {
        this.options.logger.error({ task: event.task, node: event.node, err: error }, 'an alert event could not be encoded and is dropped');
      }
    }
    return records;
  }

  private newSet(): BatchTaskSet {
    const { logger, influxdb, prometheus, observer, registry, statistics, runs, publish } = this.options;
    return new BatchTaskSet(this.options.tasks, {
      ...(runs ? { runMade: (run: BatchTaskRun, result: BatchRunResult) => runs.batchRun(run.task, { node: run.node, points: result.points, failed: result.failed }) } : {}),
      ...(registry ? { registry } : {}),
      ...(statistics ? { statistics } : {}),
      ...(publish ? { publish } : {}),
      ...(influxdb ? { influxdb } : {}),
      ...(prometheus ? { prometheus } : {}),
      ...(observer ? { observer } : {}),
      log: (task, entry) => logger[entry.level]({ task, node: entry.node, ...(entry.group === undefined ? {} : { group: entry.group }) }, entry.message),
    });
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private nowNs(): bigint {
    return BigInt(Math.floor(this.options.nowMs())) * 1_000_000n;
  }
}
