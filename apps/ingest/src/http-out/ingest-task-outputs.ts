import { httpOutKeyPrefix, mergedHttpOut } from '@vigil/evaluation';
import type { TaskOutputsSource, TaskStore } from '@vigil/kapacitor-api';
import { RedisTaskRecords, type Redis } from '@vigil/redis';

/**
 * `GET /kapacitor/v1/tasks/<task>/<endpoint>` in the distributed mode: the `httpOut` rows every
 * evaluator published to Redis (HttpOutPublisher) in the last HTTP_OUT_FRESH_MS, each group's
 * newest, in the order the groups first came (mergedHttpOut). A task the store does not hold
 * enabled answers 404 at once; an endpoint no evaluator published yet answers 404 too, as one
 * that does not exist, so results lag the task API by up to the evaluators' publish interval.
 */
export class IngestTaskOutputs implements TaskOutputsSource {
  constructor(
    private readonly redis: () => Redis | undefined,
    /** TASKS_TOPIC, which names the deployment's httpOut keys for its evaluators and ingest alike. */
    private readonly tasksTopic: string,
    private readonly tasks: Pick<TaskStore, 'get'>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async output(task: string, endpoint: string): Promise<string | undefined> {
    const redis = this.redis();
    if (redis === undefined || this.tasks.get(task)?.status !== 'enabled') return undefined;
    const records = await new RedisTaskRecords(redis, httpOutKeyPrefix(this.tasksTopic)).read(task);
    return mergedHttpOut(Object.values(records), endpoint, this.nowMs());
  }
}
