import type { Expr, Position } from './ast';

/**
 * The compiled form of a TICKscript: what the engine builds a task from. Variables are
 * resolved (task vars override `var` defaults) and lambdas have their bare identifiers replaced
 * by the variables' literal values, as Kapacitor does when it compiles a script.
 */
export type TickValue =
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'duration'; readonly ns: bigint }
  | { readonly type: 'regex'; readonly pattern: string }
  | { readonly type: 'star' }
  | { readonly type: 'reference'; readonly name: string }
  | { readonly type: 'list'; readonly items: readonly TickValue[] }
  /** `time(1m)` or `time(1m, 5s)` in a batch query's `.groupBy()` (Kapacitor's `TimeDimension`). */
  | { readonly type: 'timeDimension'; readonly length: bigint; readonly offset: bigint }
  /** A lambda whose body contains only literals, references, operators and function calls. */
  | { readonly type: 'lambda'; readonly expr: Expr };

/** One property method call, e.g. `.period(1m)`, in script order. */
export interface PropertyCall {
  readonly name: string;
  readonly args: readonly TickValue[];
  readonly pos: Position;
  /**
   * Property calls made on the object this call returned, for properties that open a
   * sub-object (alert handlers: `.post('u').header('k', 'v')`). Empty otherwise.
   */
  readonly properties: readonly PropertyCall[];
}

export interface PipelineNode {
  /** 0-based creation order; `stream` is 0. */
  readonly id: number;
  /** Node type as spelled in TICKscript: `stream`, `from`, `window`, `alert`, `stateCount`, ... */
  readonly type: string;
  /** Kapacitor's node name: type followed by id, e.g. `from1`, `alert3`. */
  readonly name: string;
  /** Arguments of the chaining method that created the node, e.g. `stateCount(lambda: ...)`. */
  readonly args: readonly TickValue[];
  /** Property calls on this node in script order (a property set twice appears twice). */
  readonly properties: readonly PropertyCall[];
  readonly parents: readonly number[];
  readonly children: readonly number[];
  readonly pos: Position;
  /**
   * For `stats` nodes (also those `deadman` creates): the id of the node whose emitted count they
   * report. A stats node is a root of the pipeline (no parents), as in Kapacitor.
   */
  readonly source?: number;
}

export interface Dbrp {
  readonly database: string;
  readonly retentionPolicy: string;
}

export interface Pipeline {
  readonly dbrps: readonly Dbrp[];
  /** All nodes, indexed by id. */
  readonly nodes: readonly PipelineNode[];
}
