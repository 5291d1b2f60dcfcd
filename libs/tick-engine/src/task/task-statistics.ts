import type { Level } from '@vigil/core';
import type { Pipeline } from '@vigil/tick-lang';
import { dispatch } from '../runtime/control';
import type { FlowMessage } from '../runtime/message';
import type { Emit, NodeRuntime } from '../runtime/node-runtime';

/**
 * The alerts an alert node raised, by level (Kapacitor's `alerts_triggered` and its per-level
 * counts), each once however many topics it went to, and those an inhibitor held back.
 */
export interface AlertCounts {
  readonly triggered: number;
  readonly inhibited: number;
  readonly ok: number;
  readonly info: number;
  readonly warning: number;
  readonly critical: number;
}

/** What Kapacitor counts per node of an executing task (`node.go`, `edge/stats.go`). */
export interface NodeStatistics {
  readonly node: string;
  readonly type: string;
  /** Messages (points, or whole batches) the node received from its parents, or from the task for a source. */
  readonly collected: number;
  /** Messages its children received: each message counts once per child, as Kapacitor's out edges count. */
  readonly emitted: number;
  /** Messages the node passed on, which is what each edge to a child carries (`processed` in the DOT). */
  readonly processed: number;
  /** Runtime evaluation errors the node reported. */
  readonly errors: number;
  /**
   * The highest moving average of the node's own time per message in ns, its children's time left
   * out: Kapacitor's `avg_exec_time_ns`, a MaxDuration fed by a sampling timer.
   */
  readonly avgExecTimeNs: number;
  /**
   * The groups the node holds (Kapacitor's `working_cardinality`): a gauge read from the running
   * nodes when the figures are taken (`Task.groupCounts`), not a count kept here.
   */
  readonly workingCardinality: number;
  /** Alert nodes only. */
  readonly alerts?: AlertCounts;
}

export interface TaskStatisticsOptions {
  /** A monotonic clock in ns for the execution time; default `performance.now()`. */
  readonly clockNs?: () => number;
  /**
   * Time one message in this many per node; default 100. Kapacitor's default timing-sample-rate is
   * 0.10, but here a clock reading costs as much as a node's work on a message: timing one in ten
   * (with every delivery below a timed one) took about 15% of the seed task's CPU time.
   */
  readonly sampleEvery?: number;
  /** Samples in the moving average; Kapacitor's default timing-movavg-size is 1000. */
  readonly averageOf?: number;
}

const ALERT_SLOTS: Readonly<Record<Level | 'inhibited', number>> = { OK: 1, INFO: 2, WARNING: 3, CRITICAL: 4, inhibited: 5 };
const SLOTS = 6;

/**
 * The counters of one task's nodes. They live beside the task, not in its nodes, so a restore
 * (which builds fresh nodes) keeps counting, and a host may share one object between the
 * instances of a task on several partitions to count them together. Counting is a few array
 * increments per message; only one message in `sampleEvery` per node is timed, and while a timed
 * message runs, its children's deliveries are timed too so their time can be taken out of it
 * (Kapacitor pauses a node's timer while it hands a message to its children).
 */
export class TaskStatistics {
  /** Messages each node passed on to its children (after a `from()`'s group gate). */
  readonly passed: Float64Array;
  /** Messages fed to a source node (`stream`, `query`) from outside the pipeline. */
  readonly fed: Float64Array;
  private readonly errors: Float64Array;
  private readonly alerts: Float64Array;
  private readonly countdown: Int32Array;
  private readonly averages: (MovingAverage | undefined)[];
  private readonly maxAverage: Float64Array;
  private readonly byName = new Map<string, number>();
  private readonly clockNs: () => number;
  private readonly sampleEvery: number;
  private readonly averageOf: number;
  /** Timed deliveries in progress, and the time spent in deliveries made by the innermost one. */
  private open = 0;
  private childNs = 0;

  constructor(
    readonly pipeline: Pipeline,
    options: TaskStatisticsOptions = {},
  ) {
    const size = pipeline.nodes.length;
    this.passed = new Float64Array(size);
    this.fed = new Float64Array(size);
    this.errors = new Float64Array(size);
    this.alerts = new Float64Array(size * SLOTS);
    this.sampleEvery = Math.max(1, Math.floor(options.sampleEvery ?? 100));
    this.averageOf = Math.max(1, Math.floor(options.averageOf ?? 1000));
    this.countdown = new Int32Array(size).fill(this.sampleEvery);
    this.averages = new Array<MovingAverage | undefined>(size).fill(undefined);
    this.maxAverage = new Float64Array(size);
    this.clockNs = options.clockNs ?? (() => performance.now() * 1e6);
    pipeline.nodes.forEach((node) => this.byName.set(node.name, node.id));
  }

  /** Whether these counters were made for a pipeline of the same nodes (names and types, in order). */
  fits(pipeline: Pipeline): boolean {
    const nodes = this.pipeline.nodes;
    return pipeline.nodes.length === nodes.length && pipeline.nodes.every((node, id) => node.name === nodes[id]?.name && node.type === nodes[id]?.type);
  }

  /**
   * Hands a message to node `id`, timing it when its turn in the sample comes or a timed parent
   * is running. The wiring's hot path writes `due(id) ? timed(...) : node.receive(...)` at its own
   * call site instead, which keeps that site's `receive` call monomorphic.
   */
  deliver(id: number, node: NodeRuntime, message: FlowMessage, emit: Emit): void {
    if (this.due(id)) this.timed(id, node, message, emit);
    else dispatch(node, message, emit);
  }

  /** Whether the next message to node `id` is timed; counts it towards the node's sample. */
  due(id: number): boolean {
    if (this.open !== 0) return true;
    const left = (this.countdown[id] as number) - 1;
    if (left > 0) {
      this.countdown[id] = left;
      return false;
    }
    this.countdown[id] = this.sampleEvery;
    return true;
  }

  /** Hands a message to node `id` and records the node's own time, its children's taken out. */
  timed(id: number, node: NodeRuntime, message: FlowMessage, emit: Emit): void {
    const outer = this.childNs;
    this.childNs = 0;
    this.open += 1;
    const start = this.clockNs();
    try {
      dispatch(node, message, emit);
    } finally {
      const total = this.clockNs() - start;
      const own = total - this.childNs;
      this.open -= 1;
      this.childNs = outer + total;
      this.sample(id, own);
    }
  }

  failed(node: string): void {
    const id = this.byName.get(node);
    if (id !== undefined) this.errors[id] = (this.errors[id] as number) + 1;
  }

  /** An alert the node raised at `level` (counted as triggered too), or one an inhibitor held back. */
  alerted(node: string, level: Level | 'inhibited'): void {
    const id = this.byName.get(node);
    if (id === undefined) return;
    const base = id * SLOTS;
    if (level !== 'inhibited') this.alerts[base] = (this.alerts[base] as number) + 1;
    const slot = base + ALERT_SLOTS[level];
    this.alerts[slot] = (this.alerts[slot] as number) + 1;
  }

  /**
   * Every node's figures, in pipeline order. `groups` holds each node's group count by node id
   * (`Task.groupCounts`, summed over the instances counting here); left out, they show 0.
   */
  nodes(groups: ArrayLike<number> = []): NodeStatistics[] {
    return this.pipeline.nodes.map((node) => {
      const collected = node.parents.reduce((sum, parent) => sum + (this.passed[parent] as number), this.fed[node.id] as number);
      const processed = this.passed[node.id] as number;
      const base = node.id * SLOTS;
      const statistics: NodeStatistics = {
        node: node.name,
        type: node.type,
        collected,
        emitted: processed * node.children.length,
        processed,
        errors: this.errors[node.id] as number,
        avgExecTimeNs: Math.round(this.maxAverage[node.id] as number),
        workingCardinality: groups[node.id] ?? 0,
      };
      if (node.type !== 'alert') return statistics;
      const at = (offset: number): number => this.alerts[base + offset] as number;
      return { ...statistics, alerts: { triggered: at(0), inhibited: at(5), ok: at(1), info: at(2), warning: at(3), critical: at(4) } };
    });
  }

  private sample(id: number, ns: number): void {
    let average = this.averages[id];
    if (!average) {
      average = new MovingAverage(this.averageOf);
      this.averages[id] = average;
    }
    const value = average.add(Math.max(0, ns));
    if (value > (this.maxAverage[id] as number)) this.maxAverage[id] = value;
  }
}

/** The mean of the last `size` values (Kapacitor's timer `movavg`). */
class MovingAverage {
  private readonly history: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;

  constructor(size: number) {
    this.history = new Float64Array(size);
  }

  add(value: number): number {
    if (this.count === this.history.length) this.sum -= this.history[this.next] as number;
    else this.count += 1;
    this.history[this.next] = value;
    this.sum += value;
    this.next = (this.next + 1) % this.history.length;
    return this.sum / this.count;
  }
}
