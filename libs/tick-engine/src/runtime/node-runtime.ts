import type { AlertEvent, Level, Point } from '@vigil/core';
import type { Expr } from '@vigil/tick-lang';
import type { CompiledLambda } from '../lambda/compiled-lambda';
import type { ControlMessage, FlowMessage, Message } from './message';
import type { NodeEntries } from './node-entries';

/** Where a node hands its output: every child of the node receives each message, in order. */
export type Emit = (message: FlowMessage) => void;

/**
 * Everything outside the pure engine that a task may need. Time never comes from the process
 * clock: points carry their own time and `now()` is injected.
 */
export interface TaskContext {
  readonly taskName: string;
  /** Wall clock in ns since the epoch, used only by `now()`, `stats`/deadman and log lines. */
  readonly now: () => bigint;
  /** Alert events, in emission order. */
  readonly emitEvent: (event: AlertEvent) => void;
  /** Points written by `influxDBOut` and `kapacitorLoopback`. */
  readonly emitPoint: (sink: PointSink, point: Point) => void;
  /** `log` node lines and evaluation errors; never one per point unless the script asks. */
  readonly log: (entry: LogEntry) => void;
  /**
   * `httpOut` results: the latest value per group, published under the node's name; no message
   * when the group was deleted, whose result then goes (Kapacitor's httpOutGroup.DeleteGroup).
   */
  readonly publish: (endpoint: string, group: string, message: Message | undefined) => void;
  /**
   * Observer of alert events the engine dropped instead of emitting (see DroppedEvent), for a
   * counter; the engine also logs each drop through `log`. Optional: without it a drop is only
   * logged.
   */
  readonly eventDropped?: (drop: DroppedEvent) => void;
  /**
   * Observer of every runtime evaluation error a node reports (a lambda that failed, a missing
   * field), for a counter. The log keeps one line per decade of a message (ErrorReporter); this is
   * told of each occurrence. Optional: without it errors are only logged.
   */
  readonly evaluationFailed?: (failure: EvaluationFailure) => void;
  /**
   * Told once per alert an alert node raises, at its level, or with `inhibited` when an inhibitor
   * held it back (Kapacitor's `handleEvent`), however many topics the event then goes to: the
   * task's node statistics count it. Optional.
   */
  readonly alertRaised?: (node: string, level: Level | 'inhibited') => void;
}

/** One runtime error of a node on one point or batch: what Kapacitor logs as the node's error. */
export interface EvaluationFailure {
  readonly node: string;
  readonly group?: string;
  readonly message: string;
}

/**
 * An alert event that no handler could have been given. Kapacitor's handlers encode the alert
 * data as JSON; a NaN or infinite field value makes Go's encoder fail, so every handler logs
 * "failed to marshal alert data json" and sends nothing, while the alert state and the topic's
 * event state (hence the next event's `previousLevel`) move on as if it had been sent
 * (`services/alert/handlers.go`: `logHandler.Handle` and its siblings).
 */
export interface DroppedEvent {
  readonly node: string;
  /** The alert node's `.topic()`, '' for its anonymous topic. */
  readonly topic: string;
  readonly group: string;
  /** The alert id of the event. */
  readonly id: string;
  /** Why it was dropped: Go's encoder error (`json: unsupported value: NaN`). */
  readonly reason: string;
}

export interface PointSink {
  readonly node: string;
  readonly kind: 'influxDBOut' | 'kapacitorLoopback';
  readonly database: string;
  readonly retentionPolicy: string;
  readonly measurement: string;
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly node: string;
  readonly group?: string;
  readonly message: string;
}

/**
 * One node of a running task. A node keeps all its per-group state in plain JSON-compatible
 * values (bigints written as decimal strings) so that it can be checkpointed and resumed in
 * another process with identical results.
 */
export interface NodeRuntime {
  readonly name: string;
  receive(message: Message, emit: Emit): void;
  /**
   * A barrier or a group deletion from the parent. Absent: the node passes a barrier on and, for
   * a deletion, forgets the group through `forgetGroup` (see `runtime/control.ts`), as most of
   * Kapacitor's nodes do (`return b, nil`).
   */
  control?(message: ControlMessage, emit: Emit): void;
  /**
   * Forgets a group's state on a group deletion (Kapacitor's grouped consumer drops the group's
   * receiver). Absent: the node keeps no state by group.
   */
  forgetGroup?(group: string): void;
  /**
   * The groups the node holds now: Kapacitor's `working_cardinality`, which only the nodes fed
   * by its grouped consumer report (`edge/grouped.go`), plus `groupBy` and `join`. Read when the
   * statistics are shown, never per point. Absent: 0, as Kapacitor's other nodes show.
   */
  workingCardinality?(): number;
  /** Wall-clock tick for nodes that act on time rather than points (stats, used by deadman). */
  tick?(now: bigint, emit: Emit): void;
  /**
   * The clock time by which `tick` next has something to send, for a host that moves the clock
   * itself (a replay) and must not jump over it; null when not known yet (before the first tick).
   * Absent: the node catches up on its own at any tick (as `barrier` does).
   */
  nextTickDue?(): bigint | null;
  snapshot(): unknown;
  restore(state: unknown): void;
  /**
   * Releases what the node holds outside the process's memory (a UDF agent), when its task is
   * closed or its nodes are replaced by a restore. Absent: the node holds nothing such.
   */
  close?(): void;
  /** The state split by group, for incremental checkpoints; absent: the node checkpoints whole. */
  readonly entries?: NodeEntries;
  /** For a node that assigns groups at the source (`from`): the group a point would join. */
  groupOf?(point: Point): string;
}

/** Compiles one lambda of the task; the task binds `now()` to its TaskContext clock. */
export type LambdaCompiler = (expr: Expr) => CompiledLambda;

/** What a node factory gets to build one node of a task. */
export interface NodeBuildContext {
  readonly task: TaskContext;
  /** The whole compiled pipeline, for nodes that need to look at parents or children. */
  readonly pipeline: import('@vigil/tick-lang').Pipeline;
  /**
   * The task's lambda compiler. Always set by `createTask`; optional so that a node's own specs
   * can build it with a hand-made context.
   */
  readonly compileLambda?: LambdaCompiler;
}

/** Builds the runtime of one pipeline node; throws a TickScriptError-like error on bad properties. */
export type NodeFactory = (node: import('@vigil/tick-lang').PipelineNode, context: NodeBuildContext) => NodeRuntime;
