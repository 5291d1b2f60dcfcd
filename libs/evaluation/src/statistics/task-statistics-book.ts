import { TaskStatistics, type NodeStatistics } from '@vigil/tick-engine';
import type { Pipeline } from '@vigil/tick-lang';
import type { TaskDefinition } from '../tasks/task-definition';

/**
 * The node counters of a process's tasks, one set per task however many partitions or runtimes
 * run it: the instances of a task on several partitions count into the same TaskStatistics, and a
 * runtime made again (a task change elsewhere, a rebalance, a rebuild) goes on counting. A task
 * whose pipeline changed starts from zero, as Kapacitor starts a redefined or re-enabled task's
 * statistics anew with its ExecutingTask; `retain` forgets the tasks that no longer run.
 *
 * The groups each node holds (`working_cardinality`) are a gauge, not a count: they are read from
 * the running tasks when the figures are taken, through the sources the hosts attach (the
 * partitions a process owns, its batch tasks), and added up over them.
 */
export class TaskStatisticsBook {
  private readonly tasks = new Map<string, { readonly fingerprint: string; readonly statistics: TaskStatistics }>();
  private readonly groupSources = new Set<GroupCountSource>();

  /**
   * Adds a source of group counts (per task, per node id) until the returned function detaches
   * it: a host attaches what it runs when it starts and detaches it when it stops.
   */
  attachGroups(source: GroupCountSource): () => void {
    this.groupSources.add(source);
    return () => this.groupSources.delete(source);
  }

  /** The counters the task's instances count into. */
  for(definition: TaskDefinition): TaskStatistics {
    const fingerprint = fingerprintOf(definition.pipeline);
    const held = this.tasks.get(definition.name);
    if (held?.fingerprint === fingerprint) return held.statistics;
    const statistics = new TaskStatistics(definition.pipeline);
    this.tasks.set(definition.name, { fingerprint, statistics });
    return statistics;
  }

  /** Forgets every task but these (the tasks that run now): a disabled or deleted task's counts go. */
  retain(names: Iterable<string>): void {
    const kept = new Set(names);
    for (const name of [...this.tasks.keys()]) if (!kept.has(name)) this.tasks.delete(name);
  }

  /** The task's node figures, in pipeline order; undefined for a task that does not run here. */
  nodes(task: string): NodeStatistics[] | undefined {
    const held = this.tasks.get(task);
    if (held === undefined) return undefined;
    return nodesWithGroups(held.statistics, this.groupCounts().get(task));
  }

  /** Every task's node figures. */
  all(): Map<string, NodeStatistics[]> {
    const groups = this.groupCounts();
    return new Map([...this.tasks].map(([name, held]) => [name, nodesWithGroups(held.statistics, groups.get(name))]));
  }

  /** Per task, each node's groups summed over the attached sources (a source may name a task more than once). */
  private groupCounts(): Map<string, number[]> {
    const sums = new Map<string, number[]>();
    for (const source of this.groupSources) {
      for (const [task, counts] of source()) {
        const sum = sums.get(task);
        if (sum === undefined) sums.set(task, [...counts]);
        else counts.forEach((count, id) => (sum[id] = (sum[id] ?? 0) + count));
      }
    }
    return sums;
  }
}

/**
 * The figures with the group counts, when they are of this pipeline: a runtime still running the
 * task's previous version for a moment (until its batch boundary) may have other nodes.
 */
function nodesWithGroups(statistics: TaskStatistics, groups: readonly number[] | undefined): NodeStatistics[] {
  return statistics.nodes(groups?.length === statistics.pipeline.nodes.length ? groups : undefined);
}

/** The groups each node of each task holds now, by task name and node id (`PartitionRuntime.groupCounts`). */
export type GroupCountSource = () => Iterable<readonly [string, readonly number[]]>;

const fingerprints = new WeakMap<Pipeline, string>();

/** What makes two compilations the same task: nodes, their arguments and properties, links and dbrps. */
export function fingerprintOf(pipeline: Pipeline): string {
  let fingerprint = fingerprints.get(pipeline);
  if (fingerprint === undefined) {
    const shape = { dbrps: pipeline.dbrps, nodes: pipeline.nodes.map((node) => [node.type, node.name, node.args, node.properties, node.parents, node.source]) };
    fingerprint = JSON.stringify(shape, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
    fingerprints.set(pipeline, fingerprint);
  }
  return fingerprint;
}
