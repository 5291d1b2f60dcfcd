import type { NodeStatistics } from '@vigil/evaluation';
import { formatGoDuration } from '@vigil/go-format';
import { topologicalOrder, type Pipeline } from '@vigil/tick-lang';
import type { KapacitorTask } from './kapacitor-task';
import { compileStoredTask } from './stored-task-pipeline';

/**
 * Where the task API reads the node statistics of an executing task: `vigil serve` from its
 * evaluation's TaskStatisticsBook, the distributed mode summed over the evaluators that run the
 * task. Undefined when nothing runs the task (yet): the task then shows no figures.
 */
export interface TaskStatsSource {
  statistics(task: string): Promise<readonly NodeStatistics[] | undefined>;
}

/** The Nest token of the TaskStatsSource. */
export const TASK_STATS = Symbol('TaskStatsSource');

/**
 * A node's figures under the names Kapacitor's statMap gives them (`node.go` init, `alert.go`),
 * in its sorted order. Every node has `working_cardinality` (`node.go` sets it for each, 0 but
 * for the nodes that count groups).
 */
function statMap(node: NodeStatistics): [string, number][] {
  const entries: [string, number][] = [
    ['avg_exec_time_ns', node.avgExecTimeNs],
    ['errors', node.errors],
    ['working_cardinality', node.workingCardinality],
  ];
  if (node.alerts) {
    const { alerts } = node;
    entries.push(['alerts_inhibited', alerts.inhibited], ['alerts_triggered', alerts.triggered], ['crits_triggered', alerts.critical], ['infos_triggered', alerts.info], ['oks_triggered', alerts.ok], ['warns_triggered', alerts.warning]);
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Kapacitor's `node-stats` of an executing task (`ExecutingTask.ExecutionStats`): each node's
 * statMap plus `collected` and `emitted`. `task-stats` (the throughput) is left out: vigil does
 * not measure it, and Kapacitor's JSON omits an empty map.
 */
export function nodeStatsOf(nodes: readonly NodeStatistics[]): Record<string, Record<string, number>> {
  return Object.fromEntries(nodes.map((node) => [node.node, Object.fromEntries([...statMap(node), ['collected', node.collected], ['emitted', node.emitted]].sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)))]));
}

/**
 * The DOT of an executing task as Kapacitor's `ExecutingTask.EDot` writes it: per node in walk
 * order its statistics (avg_exec_time_ns as a Go duration), then an edge to each child carrying
 * the messages it passed. `labels` is `dot-view=labels` (graphviz xlabel and label), otherwise
 * attributes. The `graph [throughput=...]` line is left out, as throughput is not measured.
 */
export function executingDot(pipeline: Pipeline, taskName: string, nodes: readonly NodeStatistics[], labels: boolean): string {
  const byName = new Map(nodes.map((node) => [node.node, node]));
  let dot = `digraph ${taskName} {\n`;
  for (const node of topologicalOrder(pipeline)) {
    const figures = byName.get(node.name);
    const stats = figures ? statMap(figures).map(([key, value]) => [key, key === 'avg_exec_time_ns' ? formatGoDuration(BigInt(value)) : String(value)] as const) : [];
    const processed = figures?.processed ?? 0;
    const children = node.children.flatMap((id) => pipeline.nodes[id] ?? []);
    if (labels) {
      dot += `\n${node.name} [xlabel="${stats.map(([key, value]) => `${key}=${value}`).join('\\r')}"];\n`;
      for (const child of children) dot += `${node.name} -> ${child.name} [label="processed=${processed}"];\n`;
    } else {
      dot += `\n${node.name} [${stats.map(([key, value]) => `${key}="${value}" `).join('')}];\n`;
      for (const child of children) dot += `${node.name} -> ${child.name} [processed="${processed}"];\n`;
    }
  }
  return `${dot}}`;
}

/**
 * A task's view (`taskObject`, or a list entry with some fields) with the figures of the source
 * in `stats` and `dot`, for an enabled task that something runs; any other view is left as it is,
 * that of a stored task that no longer compiles too (it has no pipeline to hang figures on).
 */
export async function withStatistics<V extends object>(task: KapacitorTask, view: V, source: TaskStatsSource | undefined, labels: boolean): Promise<V> {
  if (source === undefined || task.status !== 'enabled' || !('stats' in view || 'dot' in view)) return view;
  const nodes = await source.statistics(task.name);
  if (nodes === undefined) return view;
  const { pipeline } = compileStoredTask(task);
  if (pipeline === undefined) return view;
  const figures = {
    ...('stats' in view ? { stats: { 'node-stats': nodeStatsOf(nodes) } } : {}),
    ...('dot' in view ? { dot: executingDot(pipeline, task.name, nodes, labels) } : {}),
  };
  return { ...view, ...figures };
}
