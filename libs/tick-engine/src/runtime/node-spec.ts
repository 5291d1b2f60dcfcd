import type { CompiledLambda } from '../lambda/compiled-lambda';
import { nodeSpec, type Expr, type PipelineNode } from '@vigil/tick-lang';
import { NodeDefinition } from './node-definition';
import type { NodeBuildContext, NodeFactory, NodeRuntime } from './node-runtime';

/**
 * The executing half of a node. Its declared half (chaining-method arguments, properties,
 * defaults, documentation, definition-time validation) is the node's entry in tick-lang's
 * catalog, as Kapacitor splits `pipeline/` from its nodes; the engine adds only how to build it
 * from a definition checked against that entry.
 */
export interface NodeBuilder {
  /** Node type as spelled in TICKscript (`stateCount`, `influxDBOut`, ...), the catalog entry's name. */
  readonly type: string;
  readonly build: (definition: NodeDefinition, context: NodeBuildContext) => NodeRuntime;
}

export function factoryOf(builder: NodeBuilder): NodeFactory {
  const declared = nodeSpec(builder.type);
  return (node: PipelineNode, context: NodeBuildContext) => builder.build(new NodeDefinition(node, declared), context);
}

/** Compiles a lambda of a node with the task's compiler. */
export function compileNodeLambda(definition: NodeDefinition, context: NodeBuildContext, expr: Expr): CompiledLambda {
  if (!context.compileLambda) definition.fail('no lambda compiler is available to build this node');
  return context.compileLambda(expr);
}
