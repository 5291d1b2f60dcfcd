import type { AlertEvent, Point } from '@vigil/core';
import { createTask, type DroppedEvent, type EvaluationFailure, type LogEntry, type Message, type NodeRegistry, type Task } from '@vigil/tick-engine';
import type { TaskStatisticsBook } from '../statistics/task-statistics-book';
import type { TaskDefinition } from '../tasks/task-definition';

/**
 * Told, per task, of what the engine reports beside its events, for metrics: each runtime
 * evaluation error and each event dropped because its data JSON cannot carry it.
 */
export interface TaskObserver {
  evaluationFailed?(task: string, failure: EvaluationFailure): void;
  eventDropped?(task: string, drop: DroppedEvent): void;
}

/**
 * Where `httpOut` nodes put the latest message of a group (HttpOutResults.publish), or no message
 * when the group was deleted; hosts that serve none leave it out.
 */
export type HttpOutPublish = (task: string, endpoint: string, group: string, message: Message | undefined) => void;

/**
 * One task running on one partition, with a filter of the points it reads (so the runtime skips
 * the others without calling into the engine) and counts of what it saw.
 */
export class TaskInstance {
  readonly task: Task;
  readonly name: string;
  /** Whether the task has clock-driven nodes (stats, deadman, barrier), whose state a tick changes. */
  readonly ticks: boolean;
  points = 0;
  /** Points of the step in progress. */
  stepPoints = 0;
  /** Groups seen, from the last snapshot. */
  groups = 0;
  /**
   * Whether the store holds this task's groups: restored from its task-level entry, or saved since.
   * Until then, entries the store may still hold under the task's name (of a task removed or
   * changed since) are not its own, and are replaced by its first save.
   */
  groupsInStore = false;
  /** Refusals of the task's group limit counted so far (the engine's count is cumulative). */
  refusedSeen = 0;
  /** Changed since its snapshot was last encoded. */
  dirty = false;
  /** The last encoded snapshot (or task-level entry), reused while the task does not change. */
  encoded: string | undefined;
  private readonly filter: TaskPointFilter;

  constructor(
    readonly definition: TaskDefinition,
    context: { now: () => bigint; emitEvent: (event: AlertEvent) => void; log: (entry: LogEntry) => void; observer?: TaskObserver; registry?: NodeRegistry; statistics?: TaskStatisticsBook; publish?: HttpOutPublish },
  ) {
    this.name = definition.name;
    const { observer } = context;
    this.task = createTask(definition.pipeline, {
      ...(context.registry ? { registry: context.registry } : {}),
      ...(context.statistics ? { statistics: context.statistics.for(definition) } : {}),
      taskName: definition.name,
      now: context.now,
      emitEvent: context.emitEvent,
      // influxDBOut and kapacitorLoopback have nowhere to write yet in the evaluator.
      emitPoint: () => undefined,
      log: context.log,
      publish: (endpoint, group, message) => context.publish?.(definition.name, endpoint, group, message),
      evaluationFailed: (failure) => observer?.evaluationFailed?.(definition.name, failure),
      eventDropped: (drop) => observer?.eventDropped?.(definition.name, drop),
    });
    this.filter = new TaskPointFilter(definition);
    this.ticks = this.task.ticks;
  }

  reads(point: Point): boolean {
    return this.filter.reads(point);
  }

  /**
   * A point `reads` refused: when the task's `from()` nodes name measurements, it may be of the
   * task's dbrps, which Kapacitor's stream node counts (Task.skip); otherwise its dbrp refused it.
   */
  skipped(point: Point): void {
    if (this.filter.selectsMeasurements) this.task.skip(point);
  }
}

/** Which points a task looks at at all: its dbrps and, when every `from()` names one, its measurements. */
export class TaskPointFilter {
  private readonly dbrps: readonly { readonly database: string; readonly retentionPolicy: string }[];
  private readonly measurements: ReadonlySet<string> | undefined;

  constructor(definition: TaskDefinition) {
    this.dbrps = definition.pipeline.dbrps;
    this.measurements = measurementsRead(definition);
  }

  /** Whether points are refused by measurement too, not only by dbrp. */
  get selectsMeasurements(): boolean {
    return this.measurements !== undefined;
  }

  /** Runs once per point and task: compares in place rather than building a lookup key. */
  reads(point: Point): boolean {
    if (this.measurements !== undefined && !this.measurements.has(point.name)) return false;
    const dbrps = this.dbrps;
    for (let i = 0; i < dbrps.length; i++) {
      const dbrp = dbrps[i] as { readonly database: string; readonly retentionPolicy: string };
      if (dbrp.database === point.database && dbrp.retentionPolicy === point.retentionPolicy) return true;
    }
    return false;
  }
}

/** The measurements the task's `from()` nodes select, or undefined when one selects any. */
function measurementsRead(definition: TaskDefinition): ReadonlySet<string> | undefined {
  const names = new Set<string>();
  for (const node of definition.pipeline.nodes) {
    if (node.type !== 'from') continue;
    let measurement: string | undefined;
    for (const call of node.properties) {
      const arg = call.args[0];
      if (call.name === 'measurement' && arg?.type === 'string') measurement = arg.value;
    }
    if (measurement === undefined || measurement === '') return undefined;
    names.add(measurement);
  }
  return names.size > 0 ? names : undefined;
}

/**
 * The number of groups in a task snapshot: the largest `groups` list among its nodes (every
 * per-group node snapshots its groups under that name). Used for the groups-per-task metric.
 */
export function countGroups(snapshot: { readonly nodes: readonly { readonly state: unknown }[] }): number {
  let most = 0;
  for (const node of snapshot.nodes) {
    const state = node.state;
    if (typeof state !== 'object' || state === null) continue;
    const groups = (state as Record<string, unknown>)['groups'];
    if (Array.isArray(groups) && groups.length > most) most = groups.length;
  }
  return most;
}
