import type { Pipeline, PipelineNode } from '@vigil/tick-lang';
import { TaskDefinitionError } from '../runtime/definition-error';
import { isData } from '../runtime/control';
import type { FlowMessage } from '../runtime/message';
import type { Emit, NodeBuildContext, NodeRuntime } from '../runtime/node-runtime';
import type { NodeRegistry } from '../nodes/node-registry';
import type { TaskStatistics } from './task-statistics';

/**
 * Builds every node of a pipeline and wires each node's output to its children. `enter`, when
 * given, sees the group of every message a `from()` emits and drops the message when it answers
 * false (the group limit of incremental tasks).
 */
export function buildNodes(
  pipeline: Pipeline,
  registry: NodeRegistry,
  context: NodeBuildContext,
  statistics: TaskStatistics,
  enter?: (group: string) => boolean,
): { nodes: NodeRuntime[]; emits: Emit[] } {
  const nodes: NodeRuntime[] = [];
  try {
    for (const node of pipeline.nodes) nodes.push(buildNode(node, registry, context));
  } catch (error) {
    // The task will not run: what the nodes built so far registered (sideload sources, UDF agents) is let go.
    for (const built of nodes) {
      try {
        built.close?.();
      } catch {
        // The build error is the one to report.
      }
    }
    throw error;
  }
  return { nodes, emits: wire(pipeline, nodes, statistics, enter) };
}

function buildNode(node: PipelineNode, registry: NodeRegistry, context: NodeBuildContext): NodeRuntime {
  const registration = registry.find(node.type);
  if (!registration) {
    throw new TaskDefinitionError(node.pos, node.name, `vigil has no implementation of the ${node.type} node (it runs: ${registry.types.join(', ')})`);
  }
  return registration.factory(node, context);
}

/**
 * The emit function of each node: hands a message to each child in pipeline order, each child
 * emitting in turn to its own children (depth first, as Kapacitor's edges deliver a message
 * before the next one is read). A `stats` node is a root that observes its source node, so it
 * receives the source's output as an extra child and only emits from its ticks. Every point or
 * batch a node passes on is counted (barriers and group deletions are not, as Kapacitor's edges
 * do not count them), and each delivery goes through the statistics' sampling timer.
 */
function wire(pipeline: Pipeline, nodes: readonly NodeRuntime[], statistics: TaskStatistics, enter: ((group: string) => boolean) | undefined): Emit[] {
  const passed = statistics.passed;
  const targets: number[][] = pipeline.nodes.map((node) => [...node.children]);
  for (const node of pipeline.nodes) {
    if (node.source !== undefined) targets[node.source]?.push(node.id);
  }
  const emits: Emit[] = new Array<Emit>(pipeline.nodes.length);
  const emitOf = (id: number): Emit => {
    const existing = emits[id];
    if (existing) return existing;
    const receivers = (targets[id] ?? []).map((child) => ({ node: nodes[child] as NodeRuntime, id: child }));
    let emit: Emit;
    if (receivers.length === 0) emit = () => undefined;
    else if (receivers.length === 1) {
      const only = receivers[0] as { node: NodeRuntime; id: number };
      let childEmit: Emit | undefined;
      emit = (message: FlowMessage) => {
        if (!isData(message)) return statistics.deliver(only.id, only.node, message, (childEmit ??= emitOf(only.id)));
        passed[id] = (passed[id] as number) + 1;
        if (statistics.due(only.id)) statistics.timed(only.id, only.node, message, (childEmit ??= emitOf(only.id)));
        else only.node.receive(message, (childEmit ??= emitOf(only.id)));
      };
    } else {
      emit = (message: FlowMessage) => {
        if (isData(message)) passed[id] = (passed[id] as number) + 1;
        for (const receiver of receivers) statistics.deliver(receiver.id, receiver.node, message, emitOf(receiver.id));
      };
    }
    if (enter && pipeline.nodes[id]?.type === 'from') {
      const inner = emit;
      emit = (message: FlowMessage) => {
        if (enter(message.group)) inner(message);
      };
    }
    emits[id] = emit;
    return emit;
  };
  pipeline.nodes.forEach((node) => emitOf(node.id));
  return emits;
}
