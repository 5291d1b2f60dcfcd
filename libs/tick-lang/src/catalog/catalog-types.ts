import type { Position } from '../ast';
import type { PipelineNode, TickValue } from '../pipeline';

/** Value types a chaining method or property argument may take. */
export type ArgType = 'string' | 'int' | 'float' | 'bool' | 'duration' | 'lambda' | 'star' | 'regex' | 'timeDimension' | 'node';

export interface ArgSpec {
  readonly name: string;
  /** Accepted types; more than one for arguments such as groupBy's "tag name or *". */
  readonly types: readonly ArgType[];
  /** Trailing arguments may be optional. */
  readonly optional?: boolean;
  /** For strings: the accepted values. */
  readonly oneOf?: readonly string[];
  /** Compare `oneOf` case-insensitively. */
  readonly caseInsensitive?: boolean;
}

/** Positional arguments, then optionally any number of further arguments of one type. */
export interface Signature {
  readonly args: readonly ArgSpec[];
  readonly rest?: ArgSpec & { readonly min?: number };
}

export interface PropertySpec extends Signature {
  readonly name: string;
  /** One sentence of user documentation. */
  readonly doc: string;
  /** The value the node uses when the property is not called (for single-argument properties). */
  readonly default?: TickValue;
  /**
   * For properties that return a new object (alert handlers: `.post(url)`): the properties of
   * that object. Names not found there fall back to the node's own properties, as Kapacitor's
   * handler structs embed the alert node.
   */
  readonly opens?: HandlerSpec;
  /** Set when vigil accepts the name but does not implement it; using it is an error. */
  readonly unsupported?: string;
}

export interface HandlerSpec {
  readonly properties: readonly PropertySpec[];
}

/** Kind of data on an edge: single points, or batches (window output). */
export type EdgeType = 'stream' | 'batch';

export interface ValidationProblem {
  readonly message: string;
  readonly pos: Position;
}

export interface NodeSpec extends Signature {
  /** The chaining method, and the node type in the compiled pipeline (`stateCount`). */
  readonly name: string;
  /** Kapacitor's description, the prefix of node names (`state_count` in `state_count2`). */
  readonly kapacitorName: string;
  readonly category: 'source' | 'filter' | 'transform' | 'aggregate' | 'selector' | 'output' | 'alert' | 'internal';
  /** One paragraph of user documentation. */
  readonly doc: string;
  readonly properties: readonly PropertySpec[];
  /** The edge the node accepts. */
  readonly wants: EdgeType | 'any';
  /** The edge the node gives its children: `same` passes its input edge on, `none` has no children. */
  readonly provides: EdgeType | 'same' | 'none';
  /** Only these chaining methods may follow the node (the `stream` source); default: all. */
  readonly chainMethods?: readonly string[];
  /** `from` may only follow `stream`. */
  readonly onlyAfterStream?: boolean;
  /** `query` and `promQL` may only follow `batch`. */
  readonly onlyAfterBatch?: boolean;
  /** Created by the compiler, never written in a script (`stream`, `noop`). */
  readonly internal?: boolean;
  /** Compile-time sugar that expands into other nodes (`deadman`). */
  readonly macro?: boolean;
  /** Set when Kapacitor has the node but vigil does not run it; using it is an error. */
  readonly unsupported?: string;
  /**
   * For nodes with several parents (`join`, `union`): the chaining method's arguments are nodes
   * that become parents as well, and this says where the node the method is called on goes among
   * them. Kapacitor puts it first for `join` (`chainnode.Join`) and last for `union`
   * (`chainnode.Union` links it after the others), which decides each parent's index.
   */
  readonly parentArguments?: 'callerFirst' | 'callerLast';
  /** Checks across properties once the script is evaluated (Kapacitor's `validate()`). */
  readonly validate?: (node: PipelineNode) => readonly ValidationProblem[];
}
