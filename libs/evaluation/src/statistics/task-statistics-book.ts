import { TaskStatistics, type NodeStatistics } from '@vigil/tick-engine';
import type { Pipeline } from '@vigil/tick-lang';
import type { TaskDefinition } from '../tasks/task-definition';

/**
 * The node counters of a process's tasks, one set per task however many partitions or runtimes
 * run it: the instances of a task on several partitions count into the same TaskStatistics, and a
 * runtime made again (a task change elsewhere, a rebalance, a rebuild) goes on counting. A task
 * whose pipeline changed starts from zero, as Kapacitor starts a redefined or re-enabled task's
 * statistics anew with its ExecutingTask; `retain` forgets the tasks that no longer run.
 */
export class TaskStatisticsBook {
  private readonly tasks = new Map<string, { readonly fingerprint: string; readonly statistics: TaskStatistics }>();

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
    return this.tasks.get(task)?.statistics.nodes();
  }

  /** Every task's node figures. */
  all(): Map<string, NodeStatistics[]> {
    return new Map([...this.tasks].map(([name, held]) => [name, held.statistics.nodes()]));
  }
}

const fingerprints = new WeakMap<Pipeline, string>();

/** What makes two compilations the same task: nodes, their arguments and properties, links and dbrps. */
function fingerprintOf(pipeline: Pipeline): string {
  let fingerprint = fingerprints.get(pipeline);
  if (fingerprint === undefined) {
    const shape = { dbrps: pipeline.dbrps, nodes: pipeline.nodes.map((node) => [node.type, node.name, node.args, node.properties, node.parents, node.source]) };
    fingerprint = JSON.stringify(shape, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
    fingerprints.set(pipeline, fingerprint);
  }
  return fingerprint;
}
