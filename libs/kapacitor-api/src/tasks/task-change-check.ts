import { defineTasks, SERIES_PARTITION_KEYS, TaskLoadError, type HandlerGuard, type TaskSource } from '@vigil/evaluation';
import { TickScriptError } from '@vigil/tick-lang';
import { TaskChangeError } from './task-change-error';

/**
 * Checks a task change as both modes answer it: the whole set compiles (the evaluator loads it
 * that way), and the changed tasks' handlers pass `guard` (the handler allowlist), whatever their
 * status, since Kapacitor refuses a bad script at define time whether or not it runs. A problem
 * of a changed task is a TaskChangeError with the line and column of the script as written
 * (`task ID: line:column: message`); the other tasks were checked when they were defined.
 */
export function checkTaskChange(sources: readonly TaskSource[], changed: ReadonlySet<string>, guard?: HandlerGuard): void {
  try {
    defineTasks(sources, SERIES_PARTITION_KEYS);
    defineTasks(
      sources.filter((task) => changed.has(task.name)),
      SERIES_PARTITION_KEYS,
      guard,
    );
  } catch (error) {
    throw taskChangeErrorOf(error, changed);
  }
}

/** The TaskChangeError a failed load of the set answers; anything but a TaskLoadError is rethrown as is. */
export function taskChangeErrorOf(error: unknown, changed: ReadonlySet<string>): Error {
  if (!(error instanceof TaskLoadError)) return error instanceof Error ? error : new Error(String(error));
  const cause = error.cause;
  const where = cause instanceof TickScriptError ? `${cause.line}:${cause.column}: ` : '';
  return new TaskChangeError(changed.has(error.task) && where !== '' ? `task ${error.task}: ${where}${cause instanceof Error ? cause.message : ''}` : error.message);
}
