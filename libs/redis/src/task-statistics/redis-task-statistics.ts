import { RedisTaskRecords } from '../task-records/redis-task-records';

/**
 * The node statistics of each evaluator's tasks, for the task API (`kapacitor show`): the
 * evaluators' TaskStatisticsRecords under the statistics key prefix (taskStatisticsKeyPrefix).
 */
export class RedisTaskStatistics extends RedisTaskRecords {}
