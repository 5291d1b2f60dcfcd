import type { Pipeline, PipelineNode } from '../pipeline';

/**
 * The pipeline as a Graphviz digraph, in the form `kapacitor show` prints for a task that is not
 * running (`pipeline.Dot`): one `parent -> child;` line per edge, nodes visited in Kapacitor's
 * topological order, and no trailing newline after the closing brace.
 */
export function pipelineToDot(pipeline: Pipeline, taskName: string): string {
  const lines = [`digraph ${taskName} {`];
  for (const node of topologicalOrder(pipeline)) {
    for (const childId of node.children) {
      const child = pipeline.nodes[childId];
      if (child) lines.push(`${node.name} -> ${child.name};`);
    }
  }
  return `${lines.join('\n')}\n}`;
}

/**
 * Kapacitor's order (`pipeline.Pipeline.sort`): a depth-first post-order from the sources taken
 * last to first (children in order), reversed. Sources are the nodes without parents (`stream`
 * and `stats` roots) in creation order.
 */
export function topologicalOrder(pipeline: Pipeline): PipelineNode[] {
  const visited = new Set<number>();
  const postOrder: PipelineNode[] = [];
  const visit = (node: PipelineNode): void => {
    if (visited.has(node.id)) return;
    visited.add(node.id);
    for (const childId of node.children) {
      const child = pipeline.nodes[childId];
      if (child) visit(child);
    }
    postOrder.push(node);
  };
  const sources = pipeline.nodes.filter((node) => node.parents.length === 0);
  for (let i = sources.length - 1; i >= 0; i--) {
    const source = sources[i];
    if (source) visit(source);
  }
  return postOrder.reverse();
}
