import type { Point } from '@vigil/core';
import type { BatchMessage } from '../runtime/message';
import type { Pipeline } from '@vigil/tick-lang';
import { compileLambda } from '../lambda';
import { NIL_GROUP, pointMessage } from '../runtime/group-id';
import type { Emit, LambdaCompiler, NodeBuildContext, NodeRuntime, TaskContext } from '../runtime/node-runtime';
import { DEFAULT_NODE_REGISTRY, type NodeRegistry } from '../nodes/node-registry';
import { buildNodes } from './task-build';
import { GroupDirectory, supportsEntries } from './group-directory';
import type { TaskDelta } from './task-entries';
import { nodeStatesFor, TASK_SNAPSHOT_FORMAT, type TaskSnapshot } from './task-snapshot';
import { TaskStatistics } from './task-statistics';

/** The sinks and clock of a task (its TaskContext), plus optional engine overrides. */
export interface TaskOptions extends TaskContext {
  /** Node types available to the task; default: every node of the engine. */
  readonly registry?: NodeRegistry;
  /** Lambda compiler; default: the engine's, with `now()` bound to the task clock. */
  readonly compileLambda?: LambdaCompiler;
  /**
   * The node counters to count into, for a host that keeps them across instances of the task
   * (partitions, rebuilt runtimes); they must fit the pipeline. Default: the task's own.
   */
  readonly statistics?: TaskStatistics;
}

/** A running stream task: points in, events and points out through its TaskContext. */
export interface Task {
  readonly name: string;
  readonly pipeline: Pipeline;
  /**
   * Feeds one point, in arrival order. It enters the task only when its database and retention
   * policy match one of the task's dbrps (any point when the pipeline has none); each `from()`
   * then filters further.
   */
  write(point: Point): void;
  /**
   * Counts a point the host kept from the task because no `from()` of the task selects its
   * measurement (a filter that saves calling into the engine): when it is of the task's dbrps,
   * the stream node counts it as received and passed on, as Kapacitor's stream node receives
   * every point of the task's dbrps and its `from()` nodes drop the others. Nothing is evaluated.
   */
  skip(point: Point): void;
  /**
   * Feeds a batch task one batch of a scheduled query's answer, as the query node named `node`
   * (`query1`) emits it; its children receive it. Throws when the task has no such query node.
   */
  writeBatch(node: string, batch: BatchMessage): void;
  /** Advances wall-clock driven nodes (`stats`, hence `deadman`, and `barrier`) to `now` (ns since the epoch). */
  tick(now: bigint): void;
  /** Whether a node acts on the clock (`stats`, `deadman`, `barrier`): the host must then call `tick`. */
  readonly ticks: boolean;
  /**
   * The earliest clock time at which a node's `tick` has something to send and would send only
   * once per call (`stats`, like a Go ticker); undefined when none is known. A host that moves the
   * clock in jumps (a replay) ticks at each such time on the way, so that no report is skipped.
   */
  nextTickDue(): bigint | undefined;
  /** The whole state of the nodes; with an incremental task, of the groups in memory only. */
  snapshot(): TaskSnapshot;
  /** Restores a snapshot of a task built from the same pipeline; throws SnapshotError otherwise. */
  restore(snapshot: TaskSnapshot | unknown): void;
  /**
   * Closes the nodes that hold something outside memory (UDF agents end): a host calls it when it
   * drops the task (deleted, redefined, moved away, replayed). The task is not written to after.
   */
  close(): void;
  /**
   * Checkpointing by group, for pipelines whose state splits by group (`supportsEntries`);
   * undefined for the others, which checkpoint whole.
   */
  readonly incremental: IncrementalTask | undefined;
  /** Kapacitor's per-node counters of the task (`kapacitor show`'s stats and DOT). */
  readonly statistics: TaskStatistics;
  /**
   * The groups each node holds now, by node id (Kapacitor's `working_cardinality`; 0 for a node
   * that reports none). In a task checkpointed by group, the groups saved and evicted from memory
   * are still held: they are added to each node that splits its state by group, as every point
   * of such a pipeline reaches each of them (see `supportsEntries`). Costs a look at each node,
   * so it is meant for the statistics, not per point.
   */
  groupCounts(): number[];
}

/**
 * A task saved by what changed: a small task-level entry, one entry per changed group, and the
 * changed keys (`TaskDelta`). Groups may leave memory once saved and come back, before their next
 * point, with `admit`. A host that uses `takeDelta` must save every delta, in order.
 */
export interface IncrementalTask {
  /** The group `from()` gives a point (to load saved groups before their points are written). */
  groupOf(point: Point): string;
  isResident(group: string): boolean;
  /** Expired since the last delta: its next point starts it anew, it is not loaded. */
  isExpired(group: string): boolean;
  /** Puts saved groups (entries as `takeDelta` gave them, parsed from JSON) back in memory. */
  admit(entries: Iterable<readonly [string, unknown]>): void;
  takeDelta(): TaskDelta;
  /** See GroupDirectory.evictIdle. */
  evictIdle(idleSteps: number, expire: boolean): { evicted: number; expired: number };
  /** Restores a task-level entry and keys into fresh nodes; throws SnapshotError (the task is then unchanged). */
  restoreEntries(shared: unknown, keys: Iterable<readonly [string, unknown]>): void;
  readonly residentGroups: number;
  readonly heldGroups: number;
  /** Points refused because they would have created a group past `maxGroups` (cumulative). */
  readonly refused: number;
  /** The most groups the task holds; points of new groups beyond are refused. */
  maxGroups: number;
}

interface Wiring {
  readonly nodes: readonly NodeRuntime[];
  readonly directory: GroupDirectory | undefined;
  readonly sources: readonly { readonly id: number; readonly node: NodeRuntime; readonly emit: Emit }[];
  readonly emits: readonly Emit[];
  readonly tickers: readonly { readonly node: NodeRuntime; readonly emit: Emit }[];
}

function wiring(pipeline: Pipeline, nodes: readonly NodeRuntime[], emits: readonly Emit[], directory: GroupDirectory | undefined): Wiring {
  const wired = pipeline.nodes.map((node, id) => ({ id, type: node.type, node: nodes[id] as NodeRuntime, emit: emits[id] as Emit }));
  return {
    nodes,
    directory,
    emits,
    sources: wired.filter((entry) => entry.type === 'stream'),
    tickers: wired.filter((entry) => entry.node.tick !== undefined),
  };
}

class StreamTask implements Task, IncrementalTask {
  private wired: Wiring;
  private limit = Number.POSITIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly pipeline: Pipeline,
    /** Builds a fresh set of nodes, wired, for this pipeline. */
    private readonly build: () => Wiring,
    readonly statistics: TaskStatistics,
  ) {
    this.wired = build();
  }

  write(point: Point): void {
    if (!this.accepts(point)) return;
    const message = pointMessage(point, NIL_GROUP);
    const { statistics } = this;
    for (const source of this.wired.sources) {
      statistics.fed[source.id] = (statistics.fed[source.id] as number) + 1;
      if (statistics.due(source.id)) statistics.timed(source.id, source.node, message, source.emit);
      else source.node.receive(message, source.emit);
    }
  }

  skip(point: Point): void {
    if (!this.accepts(point)) return;
    const { statistics } = this;
    for (const source of this.wired.sources) {
      statistics.fed[source.id] = (statistics.fed[source.id] as number) + 1;
      if ((this.pipeline.nodes[source.id]?.children.length ?? 0) > 0) statistics.passed[source.id] = (statistics.passed[source.id] as number) + 1;
    }
  }

  private accepts(point: Point): boolean {
    const dbrps = this.pipeline.dbrps;
    if (dbrps.length === 0) return true;
    for (const dbrp of dbrps) if (dbrp.database === point.database && dbrp.retentionPolicy === point.retentionPolicy) return true;
    return false;
  }

  writeBatch(node: string, batch: BatchMessage): void {
    const id = this.pipeline.nodes.findIndex((candidate) => candidate.name === node && (candidate.type === 'query' || candidate.type === 'promQL'));
    if (id < 0) throw new Error(`task ${this.name} has no query node named ${node}`);
    this.statistics.fed[id] = (this.statistics.fed[id] as number) + 1;
    this.statistics.deliver(id, this.wired.nodes[id] as NodeRuntime, batch, this.wired.emits[id] as Emit);
  }

  groupCounts(): number[] {
    const directory = this.wired.directory;
    const evicted = directory === undefined ? 0 : directory.heldGroups - directory.residentGroups;
    return this.wired.nodes.map((node) => (node.workingCardinality?.() ?? 0) + (node.entries === undefined ? 0 : evicted));
  }

  tick(now: bigint): void {
    for (const ticker of this.wired.tickers) ticker.node.tick?.(now, ticker.emit);
  }

  get ticks(): boolean {
    return this.wired.tickers.length > 0;
  }

  nextTickDue(): bigint | undefined {
    let earliest: bigint | undefined;
    for (const ticker of this.wired.tickers) {
      const due = ticker.node.nextTickDue?.() ?? null;
      if (due !== null && (earliest === undefined || due < earliest)) earliest = due;
    }
    return earliest;
  }

  snapshot(): TaskSnapshot {
    return {
      format: TASK_SNAPSHOT_FORMAT,
      task: this.name,
      nodes: this.pipeline.nodes.map((node, id) => ({ name: node.name, type: node.type, state: (this.wired.nodes[id] as NodeRuntime).snapshot() })),
    };
  }

  /**
   * Restores into freshly built nodes and switches to them only when every node took its state,
   * so a bad snapshot leaves the task as it was.
   */
  restore(snapshot: TaskSnapshot | unknown): void {
    const states = nodeStatesFor(this.pipeline, snapshot);
    const fresh = this.build();
    states.forEach((state, id) => (fresh.nodes[id] as NodeRuntime).restore(state));
    fresh.directory?.adoptRestoredGroups();
    this.switchTo(fresh);
  }

  get incremental(): IncrementalTask | undefined {
    return this.wired.directory ? this : undefined;
  }

  private get directory(): GroupDirectory {
    const directory = this.wired.directory;
    if (!directory) throw new Error(`task ${this.name} does not checkpoint by group`);
    return directory;
  }

  groupOf(point: Point): string {
    return this.directory.groupOf(point);
  }

  isResident(group: string): boolean {
    return this.directory.isResident(group);
  }

  isExpired(group: string): boolean {
    return this.directory.isExpired(group);
  }

  admit(entries: Iterable<readonly [string, unknown]>): void {
    this.directory.admit(entries);
  }

  takeDelta(): TaskDelta {
    return this.directory.takeDelta();
  }

  evictIdle(idleSteps: number, expire: boolean): { evicted: number; expired: number } {
    return this.directory.evictIdle(idleSteps, expire);
  }

  restoreEntries(shared: unknown, keys: Iterable<readonly [string, unknown]>): void {
    const fresh = this.build();
    fresh.directory?.restoreEntries(shared, keys);
    this.switchTo(fresh);
  }

  get residentGroups(): number {
    return this.directory.residentGroups;
  }

  get heldGroups(): number {
    return this.directory.heldGroups;
  }

  get refused(): number {
    return this.directory.refused;
  }

  get maxGroups(): number {
    return this.limit;
  }

  set maxGroups(limit: number) {
    this.limit = limit;
    if (this.wired.directory) this.wired.directory.maxGroups = limit;
  }

  private switchTo(fresh: Wiring): void {
    if (fresh.directory) {
      fresh.directory.maxGroups = this.limit;
      fresh.directory.refused = this.wired.directory?.refused ?? 0;
    }
    const replaced = this.wired;
    this.wired = fresh;
    closeNodes(replaced.nodes);
  }

  close(): void {
    closeNodes(this.wired.nodes);
  }
}

/** Closes each node that has something to close; one that throws does not keep the others open. */
function closeNodes(nodes: readonly NodeRuntime[]): void {
  for (const node of nodes) {
    try {
      node.close?.();
    } catch {
      // A node's close only ends what it started; the task is dropped either way.
    }
  }
}

/**
 * Builds a task from a compiled pipeline. Every pipeline node needs a registered node type;
 * a node that cannot be built throws TaskDefinitionError (or the node's own definition error)
 * naming the node and its script position.
 */
export function createTask(pipeline: Pipeline, options: TaskOptions): Task {
  const { registry = DEFAULT_NODE_REGISTRY, compileLambda: compiler } = options;
  const lambdaCompiler: LambdaCompiler = compiler ?? ((expr) => compileLambda(expr, { now: () => options.now() }));
  const statistics = options.statistics ?? new TaskStatistics(pipeline);
  if (!statistics.fits(pipeline)) throw new Error(`task ${options.taskName}: the statistics given were made for another pipeline`);
  const build = (): Wiring => {
    // One TaskContext object per set of nodes: nodes may key task-wide services on it (the alert
    // nodes share inhibitors and topics), and a restore starts those afresh with its nodes. It
    // calls the caller's context as a method, so a class instance works as well as an object.
    const task: TaskContext = {
      taskName: options.taskName,
      now: () => options.now(),
      emitEvent: (event) => options.emitEvent(event),
      emitPoint: (sink, point) => options.emitPoint(sink, point),
      log: (entry) => options.log(entry),
      publish: (endpoint, group, message) => options.publish(endpoint, group, message),
      eventDropped: (drop) => options.eventDropped?.(drop),
      evaluationFailed: (failure) => {
        statistics.failed(failure.node);
        options.evaluationFailed?.(failure);
      },
      alertRaised: (node, level) => {
        statistics.alerted(node, level);
        options.alertRaised?.(node, level);
      },
    };
    const context: NodeBuildContext = { task, pipeline, compileLambda: lambdaCompiler };
    // The directory is made once the nodes exist; until then no point flows, so the gate that
    // lets points into their groups can look it up lazily.
    let directory: GroupDirectory | undefined;
    const { nodes, emits } = buildNodes(pipeline, registry, context, statistics, (group) => directory === undefined || directory.enter(group));
    if (supportsEntries(pipeline, nodes)) directory = new GroupDirectory(options.taskName, pipeline, nodes);
    return wiring(pipeline, nodes, emits, directory);
  };
  return new StreamTask(options.taskName, pipeline, build, statistics);
}
