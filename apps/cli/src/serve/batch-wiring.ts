import { BatchLoop, type BatchSources, type PartitionRef } from '@vigil/evaluation';
import { BatchSlot, EventLogSink } from '@vigil/standalone';
import { STANDALONE_TOPICS, type Wiring } from './standalone-wiring';

/**
 * Where `vigil serve` keeps the batch tasks' checkpoint: a partition of its own in the state
 * database, apart from the point log's, since batch tasks read no points and their saves come at
 * run times, not with evaluation steps.
 */
export const BATCH_CHECKPOINT: PartitionRef = { topic: 'vigil.batch', partition: 0 };

/**
 * The batch tasks of `vigil serve`: their events go to the event log, as the stream tasks' do,
 * and from there through the same notifier; their checkpoint is in the same state database.
 */
export function createBatchSlot({ storage, tuning, metrics, logger, nowMs, engine }: Wiring, sources: Omit<BatchSources, 'described'> = {}): BatchSlot {
  const sink = new EventLogSink(storage.events, STANDALONE_TOPICS.alerts);
  return new BatchSlot((tasks) => {
    // Their httpOut results go with the task, as the stream tasks' do (createEvaluator).
    engine?.batchOutputs.retain(tasks);
    return new BatchLoop({
      tasks,
      ...(sources.influxdb ? { influxdb: sources.influxdb } : {}),
      ...(sources.prometheus ? { prometheus: sources.prometheus } : {}),
      store: storage.checkpoints,
      checkpoint: BATCH_CHECKPOINT,
      sink,
      alertsTopic: STANDALONE_TOPICS.alerts,
      intervalMs: tuning.tickIntervalMs,
      retryDelayMs: tuning.retryDelayMs,
      nowMs,
      logger,
      observer: metrics.evaluation,
      runs: metrics.evaluation,
      // The data folder's ids in alert templates and `kapacitor show`'s node statistics, as for stream tasks.
      ...(engine ? { registry: engine.registry, statistics: engine.statistics, publish: (task, endpoint, group, message) => engine.batchOutputs.publish(task, endpoint, group, message) } : {}),
    });
  }, logger);
}
