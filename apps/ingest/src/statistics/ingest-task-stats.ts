import { summedStatistics, TASK_STATISTICS_FRESH_MS, taskStatisticsKeyPrefix, type NodeStatistics } from '@vigil/evaluation';
import type { TaskStatsSource } from '@vigil/kapacitor-api';
import { RedisTaskStatistics, type Redis } from '@vigil/redis';

/**
 * `kapacitor show`'s node statistics in the distributed mode: what the evaluators that run the
 * task published to Redis (TaskStatisticsPublisher) in the last TASK_STATISTICS_FRESH_MS, added
 * up node by node. Before Redis is connected, or when no evaluator published, a task shows none.
 */
export class IngestTaskStats implements TaskStatsSource {
  constructor(
    private readonly redis: () => Redis | undefined,
    /** TASKS_TOPIC, which names the deployment's statistics keys for its evaluators and ingest alike. */
    private readonly tasksTopic: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async statistics(task: string): Promise<readonly NodeStatistics[] | undefined> {
    const redis = this.redis();
    if (redis === undefined) return undefined;
    const records = await new RedisTaskStatistics(redis, taskStatisticsKeyPrefix(this.tasksTopic)).read(task);
    return summedStatistics(Object.values(records), this.nowMs(), TASK_STATISTICS_FRESH_MS);
  }
}
