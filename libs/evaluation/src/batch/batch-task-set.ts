import type { AlertEvent } from '@vigil/core';
import { createTask, type LogEntry, type NodeRegistry, type Task } from '@vigil/tick-engine';
import { eventIdOf, type EventCause } from '../events/event-id';
import type { EmittedEvent } from '../runtime/partition-runtime';
import type { HttpOutPublish, TaskObserver } from '../runtime/task-instance';
import type { TaskStatisticsBook } from '../statistics/task-statistics-book';
import type { TaskDefinition } from '../tasks/task-definition';
import { BatchTaskRunner, type BatchRun, type BatchRunResult, type BatchScheduleState } from './batch-task-runner';
import type { InfluxDBPort } from './influxdb-port';
import type { PrometheusPort } from './prometheus-port';

/** The checkpoint text of one batch task: its schedule and its engine snapshot, saved together. */
export const BATCH_TASK_FORMAT = 'vigil.batch-task.v1';

/**
 * The checkpoint field of a batch task. Apart from stream tasks' `task:` fields, so that a
 * checkpoint holding both (partition 0's, in the distributed mode) tells them apart.
 */
export function batchTaskField(task: string): string {
  return `batch:${task}`;
}

/** A scheduled run of one task of the set. */
export interface BatchTaskRun extends BatchRun {
  readonly task: string;
}

export interface BatchTaskSetPorts {
  readonly influxdb?: InfluxDBPort;
  readonly prometheus?: PrometheusPort;
  /** Engine log lines and failed queries, with the task. */
  readonly log: (task: string, entry: LogEntry) => void;
  readonly observer?: TaskObserver;
  /** The engine's nodes as the host sets them up (`.ServerInfo` of alert templates), as stream tasks get them. */
  readonly registry?: NodeRegistry;
  /** Where the tasks count their node statistics (`kapacitor show`), kept by the host. */
  readonly statistics?: TaskStatisticsBook;
  /** Told of every run made, with what it fed the task (the hosts' run metrics). */
  readonly runMade?: (run: BatchTaskRun, result: BatchRunResult) => void;
  /** Where the tasks' `httpOut` nodes put each group's latest batch (the host's HttpOutResults). */
  readonly publish?: HttpOutPublish;
}

/** What `restore` made of a checkpoint. */
export interface BatchRestoreReport {
  readonly restored: readonly string[];
  /** Tasks whose saved state did not fit (the script changed): they start afresh. */
  readonly failed: readonly { readonly task: string; readonly reason: string }[];
}

/** Whether a compiled task reads scheduled queries (`batch|query()`, `batch|promQL()`) rather than the points stream. */
export function isBatchTask(definition: TaskDefinition): boolean {
  return definition.pipeline.nodes.some((node) => node.type === 'query' || node.type === 'promQL');
}

/**
 * The event cause of everything a run emits: a tick named by the run's deterministic id and
 * dated at the run time, so the same run made again (after a crash before its checkpoint, or by
 * the next owner of partition 0) gives events with the same ids, which the notifier drops.
 */
export function batchRunCause(run: BatchTaskRun): EventCause {
  return { kind: 'tick', topic: run.id, partition: 0, offset: 0n, now: run.time };
}

interface BatchTaskEntry {
  readonly name: string;
  readonly definition: TaskDefinition;
  readonly task: Task;
  readonly runner: BatchTaskRunner;
}

/**
 * The batch tasks of one host (`vigil serve`, or the evaluator that owns partition 0): one engine
 * task and one `BatchTaskRunner` each. The host owns time and storage: it asks `due(now)`, makes
 * each run with `run()` and then saves `fields()` in one write, which holds every task's schedule
 * with its engine snapshot, so the two can never disagree after a crash.
 *
 * Inside a run the task's clock reads the run time, not the wall clock: a run made again gives
 * the same events, whatever the hour it is made at.
 */
export class BatchTaskSet {
  private readonly entries: BatchTaskEntry[];
  private collected: EmittedEvent[] = [];
  private current: BatchTaskRun | undefined;

  constructor(
    definitions: readonly TaskDefinition[],
    private readonly ports: BatchTaskSetPorts,
  ) {
    this.entries = definitions.filter(isBatchTask).map((definition) => this.entryOf(definition));
  }

  get names(): readonly string[] {
    return this.entries.map((entry) => entry.name);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Per task, the groups each node holds now (Task.groupCounts), for the node statistics. */
  groupCounts(): Map<string, number[]> {
    return new Map(this.entries.map((entry) => [entry.name, entry.task.groupCounts()]));
  }

  /**
   * Restores the tasks found in checkpoint fields (`fields()` of an earlier save); a task whose
   * saved state no longer fits its script starts afresh, as a stream task does. Call `start` after.
   */
  restore(fields: Readonly<Record<string, string>>): BatchRestoreReport {
    const restored: string[] = [];
    const failed: { task: string; reason: string }[] = [];
    for (const [index, entry] of this.entries.entries()) {
      const text = fields[batchTaskField(entry.name)];
      if (text === undefined) continue;
      try {
        const saved = JSON.parse(text) as { format?: unknown; schedule?: unknown; task?: unknown };
        if (saved?.format !== BATCH_TASK_FORMAT) throw new Error(`not a ${BATCH_TASK_FORMAT} state`);
        entry.runner.restore(saved.schedule);
        entry.task.restore(saved.task);
        restored.push(entry.name);
      } catch (error) {
        failed.push({ task: entry.name, reason: error instanceof Error ? error.message : String(error) });
        // A half-restored task would be worse than a fresh one.
        this.entries[index] = this.entryOf(entry.definition);
        entry.task.close();
      }
    }
    return { restored, failed };
  }

  /** Closes the tasks (their UDF agents end) when the host drops this set; it is not used after. */
  close(): void {
    for (const entry of this.entries) entry.task.close();
  }

  /** Sets the first run of every task that has no schedule yet (new, or not restored). */
  start(now: bigint): void {
    for (const entry of this.entries) entry.runner.start(now);
  }

  /** Every run due at `now`, earliest first (task order, then node order, for equal times). */
  due(now: bigint): BatchTaskRun[] {
    const runs = this.entries.flatMap((entry) => entry.runner.due(now).map((run) => ({ ...run, task: entry.name })));
    return runs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }

  /**
   * Makes one run: the task is ticked to the run time, the query is sent and its batches fed to
   * the task. Returns the events, with their deterministic ids. Runs must be made in `due` order.
   */
  async run(run: BatchTaskRun): Promise<EmittedEvent[]> {
    const entry = this.entryNamed(run.task);
    this.current = run;
    this.collected = [];
    try {
      entry.task.tick(run.time);
      const result = await entry.runner.run(run);
      this.ports.runMade?.(run, result);
      return this.collected;
    } finally {
      this.current = undefined;
      this.collected = [];
    }
  }

  /** The checkpoint fields of every task (schedule and engine snapshot), for one save. */
  fields(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const entry of this.entries) {
      const state: { format: string; schedule: BatchScheduleState; task: unknown } = { format: BATCH_TASK_FORMAT, schedule: entry.runner.snapshot(), task: entry.task.snapshot() };
      fields[batchTaskField(entry.name)] = JSON.stringify(state);
    }
    return fields;
  }

  /** The InfluxQL a run sends (for logs at debug level and tests). */
  queryTextOf(run: BatchTaskRun): string {
    return this.entryNamed(run.task).runner.queryTextOf(run);
  }

  private entryOf(definition: TaskDefinition): BatchTaskEntry {
    const name = definition.name;
    const { registry, statistics } = this.ports;
    const task = createTask(definition.pipeline, {
      ...(registry ? { registry } : {}),
      ...(statistics ? { statistics: statistics.for(definition) } : {}),
      taskName: name,
      // Inside a run the clock reads the run time (see the class comment); between runs nothing reads it.
      now: () => this.current?.time ?? 0n,
      emitEvent: (event) => this.collect(name, event),
      emitPoint: () => undefined,
      log: (entry) => this.ports.log(name, entry),
      publish: (endpoint, group, message) => this.ports.publish?.(name, endpoint, group, message),
      evaluationFailed: (failure) => this.ports.observer?.evaluationFailed?.(name, failure),
      eventDropped: (drop) => this.ports.observer?.eventDropped?.(name, drop),
    });
    const runner = new BatchTaskRunner(name, task, {
      ...(this.ports.influxdb ? { influxdb: this.ports.influxdb } : {}),
      ...(this.ports.prometheus ? { prometheus: this.ports.prometheus } : {}),
      log: (entry) => this.ports.log(name, { level: entry.level, node: entry.node, message: entry.message }),
    });
    return { name, definition, task, runner };
  }

  private collect(task: string, event: AlertEvent): void {
    const run = this.current;
    // The engine of a batch task only emits while a run feeds it.
    if (!run || run.task !== task) throw new Error(`batch task ${task} emitted an event outside its run`);
    const eventId = eventIdOf({ task, node: event.node, alertId: event.id, level: event.level, time: event.time }, batchRunCause(run));
    this.collected.push({ eventId, event });
  }

  private entryNamed(name: string): BatchTaskEntry {
    const entry = this.entries.find((candidate) => candidate.name === name);
    if (!entry) throw new Error(`no batch task named ${name}`);
    return entry;
  }
}
