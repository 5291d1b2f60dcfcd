import { defineTasks, SERIES_PARTITION_KEYS, TaskLoadError, type HandlerGuard, type TaskSource } from '@vigil/evaluation';
import { TickScriptError } from '@vigil/tick-lang';
import { TaskChangeError } from './task-change-error';

/**
 * Checks a task change as both modes answer it: each changed task compiles, and its handlers
 * pass `guard` (the handler allowlist), whatever its status, since Kapacitor refuses a bad script
 * at define time whether or not it runs. Only the changed tasks are compiled, as Kapacitor's
 * task API validates only the task it is given: a stored task that no longer compiles (after an
 * upgrade, or restored from a backup) is skipped by the evaluators on its own and must not block
 * changes to the others. No rule spans tasks (names are the store's keys, each task's
 * repartition topic is named after it), so a change cannot break another task. A problem is a
 * TaskChangeError with the line and column of the script as written (`task ID: line:column: message`).
 */
export function checkTaskChange(changed: readonly TaskSource[], guard?: HandlerGuard): void {
  try {
    defineTasks(changed, SERIES_PARTITION_KEYS, guard);
  } catch (error) {
    throw taskChangeErrorOf(error, new Set(changed.map((task) => task.name)));
  }
}

/** The TaskChangeError a failed load of the set answers; anything but a TaskLoadError is rethrown as is. */
export function taskChangeErrorOf(error: unknown, changed: ReadonlySet<string>): Error {
  if (!(error instanceof TaskLoadError)) return error instanceof Error ? error : new Error(String(error));
  const cause = error.cause;
  const where = cause instanceof TickScriptError ? `${cause.line}:${cause.column}: ` : '';
  return new TaskChangeError(changed.has(error.task) && where !== '' ? `task ${error.task}: ${where}${cause instanceof Error ? cause.message : ''}` : error.message);
}
