import type { CompiledLambda } from '../lambda/compiled-lambda';
import type { Expr, PipelineNode } from '@vigil/tick-lang';
import { NodeDefinition, type PropertySpec, type Signature } from './node-definition';
import type { NodeBuildContext, NodeFactory, NodeRuntime } from './node-runtime';

/**
 * A stream node declared as data: its TICKscript name, user documentation, what its chaining
 * method and property methods accept, and how to build it. The registry turns specs into
 * factories; validation and error messages come from the declarations.
 */
export interface NodeSpec {
  /** Node type as spelled in TICKscript (`stateCount`, `influxDBOut`, ...). */
  readonly type: string;
  /** One paragraph of user documentation. */
  readonly summary: string;
  readonly signature: Signature;
  readonly properties: readonly PropertySpec[];
  readonly build: (definition: NodeDefinition, context: NodeBuildContext) => NodeRuntime;
}

export function factoryOf(spec: NodeSpec): NodeFactory {
  return (node: PipelineNode, context: NodeBuildContext) => spec.build(new NodeDefinition(node, spec.signature, spec.properties), context);
}

/** Compiles a lambda of a node with the task's compiler. */
export function compileNodeLambda(definition: NodeDefinition, context: NodeBuildContext, expr: Expr): CompiledLambda {
  if (!context.compileLambda) definition.fail('no lambda compiler is available to build this node');
  return context.compileLambda(expr);
}
