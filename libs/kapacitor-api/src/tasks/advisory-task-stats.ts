import type { NodeStatistics } from '@vigil/evaluation';
import type { TaskStatsSource } from './task-stats-view';

/**
 * A TaskStatsSource whose failure means "no figures", never a failed answer: statistics are
 * advisory (Redis in the distributed mode), so `kapacitor show` and the task list keep working
 * while their store is down, showing tasks as Kapacitor shows one that is not executing. The
 * first failure of an outage is logged at warn, and its end at the next success, so a list of a
 * thousand tasks during an outage logs one line, not a thousand.
 */
export class AdvisoryTaskStats implements TaskStatsSource {
  private failing = false;

  constructor(
    private readonly source: TaskStatsSource,
    private readonly warn: (message: string) => void,
  ) {}

  async statistics(task: string): Promise<readonly NodeStatistics[] | undefined> {
    let nodes: readonly NodeStatistics[] | undefined;
    try {
      nodes = await this.source.statistics(task);
    } catch (error) {
      if (!this.failing) this.warn(`task statistics unavailable, tasks are shown without stats until they return: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
      return undefined;
    }
    if (this.failing) this.warn('task statistics available again');
    this.failing = false;
    return nodes;
  }
}
