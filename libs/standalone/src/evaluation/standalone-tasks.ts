import { defineTasks, SERIES_PARTITION_KEYS, type TaskDefinition, type TaskSource } from '@vigil/evaluation';

/**
 * Compiles the tasks as the evaluator does (same validation, same refusal of a script without
 * dbrp) and places every one locally: the point log is a single partition, so every group of
 * every task lives in it and nothing needs repartitioning.
 */
export function standaloneTasks(sources: readonly TaskSource[]): TaskDefinition[] {
  return defineTasks(sources, SERIES_PARTITION_KEYS).map((task) => ({ ...task, placement: { kind: 'local' } }));
}
