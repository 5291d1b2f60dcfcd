import type { AlertCounts, NodeStatistics } from '@vigil/tick-engine';

/**
 * The figures of one task on several evaluators as one: counts add up, node by node (matched by
 * name, in the order of the first list that has the node), the groups held add up too (each
 * evaluator holds the groups of its own partitions), and the execution time is the highest,
 * as Kapacitor's avg_exec_time_ns already keeps the highest average. Lists of another version of
 * the task (a node of the same name but another type) are left out rather than mixed in.
 */
export function sumNodeStatistics(lists: readonly (readonly NodeStatistics[])[]): NodeStatistics[] {
  const sums = new Map<string, NodeStatistics>();
  for (const list of lists) {
    if (list.some((node) => sums.has(node.node) && sums.get(node.node)?.type !== node.type)) continue;
    for (const node of list) {
      const sum = sums.get(node.node);
      sums.set(node.node, sum === undefined ? node : added(sum, node));
    }
  }
  return [...sums.values()];
}

function added(a: NodeStatistics, b: NodeStatistics): NodeStatistics {
  const sum: NodeStatistics = {
    node: a.node,
    type: a.type,
    collected: a.collected + b.collected,
    emitted: a.emitted + b.emitted,
    processed: a.processed + b.processed,
    errors: a.errors + b.errors,
    avgExecTimeNs: Math.max(a.avgExecTimeNs, b.avgExecTimeNs),
    workingCardinality: a.workingCardinality + b.workingCardinality,
  };
  if (a.alerts === undefined && b.alerts === undefined) return sum;
  return { ...sum, alerts: addedAlerts(a.alerts, b.alerts) };
}

const NO_ALERTS: AlertCounts = { triggered: 0, inhibited: 0, ok: 0, info: 0, warning: 0, critical: 0 };

function addedAlerts(a: AlertCounts = NO_ALERTS, b: AlertCounts = NO_ALERTS): AlertCounts {
  return { triggered: a.triggered + b.triggered, inhibited: a.inhibited + b.inhibited, ok: a.ok + b.ok, info: a.info + b.info, warning: a.warning + b.warning, critical: a.critical + b.critical };
}
