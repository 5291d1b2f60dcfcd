import type { Position } from '../ast';
import type { HandlerSpec, NodeSpec } from '../catalog/catalog-types';
import type { PropertyCall, TickValue } from '../pipeline';

/** A property call while the script is being evaluated: handler calls still collect properties. */
export interface PropertyCallBuilder {
  readonly name: string;
  readonly args: readonly TickValue[];
  readonly pos: Position;
  readonly properties: PropertyCallBuilder[];
}

/** A pipeline node while the script is being evaluated. */
export interface NodeBuilder {
  readonly id: number;
  /** The number in Kapacitor's node name (`join4`); equals `id` until a node with several parents. */
  readonly number: number;
  readonly spec: NodeSpec;
  readonly args: readonly TickValue[];
  readonly properties: PropertyCallBuilder[];
  readonly parents: number[];
  readonly children: number[];
  readonly pos: Position;
  /** The edge this node gives its children. */
  readonly edge: 'stream' | 'batch' | 'none';
  readonly source?: number;
}

/**
 * What an expression evaluates to outside lambdas: a literal value, a node (the result of a
 * chaining method, or `stream`), or a handler object opened by a property such as `.post()`.
 */
export type EvalValue =
  | TickValue
  | { readonly type: 'node'; readonly node: NodeBuilder }
  | { readonly type: 'handler'; readonly node: NodeBuilder; readonly call: PropertyCallBuilder; readonly spec: HandlerSpec };

export function isTickValue(value: EvalValue): value is TickValue {
  return value.type !== 'node' && value.type !== 'handler';
}

/** How a value is named in error messages. */
export function describeValue(value: EvalValue): string {
  switch (value.type) {
    case 'int':
      return `int ${value.value}`;
    case 'float':
      return `float ${formatFloat(value.value)}`;
    case 'string':
      return `string '${value.value}'`;
    case 'bool':
      return `bool ${value.value ? 'TRUE' : 'FALSE'}`;
    case 'duration':
      return 'duration';
    case 'regex':
      return `regex /${value.pattern}/`;
    case 'star':
      return '*';
    case 'timeDimension':
      return 'time dimension';
    case 'reference':
      return `reference "${value.name}"`;
    case 'list':
      return 'list';
    case 'lambda':
      return 'lambda';
    case 'node':
      return `node ${value.node.spec.kapacitorName}${value.node.number}`;
    case 'handler':
      return `${value.call.name} handler`;
  }
}

export function formatFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

export function freezeCall(call: PropertyCallBuilder): PropertyCall {
  return { name: call.name, args: call.args, pos: call.pos, properties: call.properties.map(freezeCall) };
}
