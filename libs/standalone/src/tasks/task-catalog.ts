import { TaskLoadError, type TaskDefinition, type TaskSource } from '@vigil/evaluation';
import { TickScriptError } from '@vigil/tick-lang';
import { standaloneTasks } from '../evaluation/standalone-tasks';
import { TaskFolderError } from '../storage/tasks/task-file';
import type { TaskFolder } from '../storage/tasks/task-folder';

/** A change the catalog refuses, with the message an API answers (400, or 404 for `missing`). */
export class TaskChangeError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
    this.name = 'TaskChangeError';
  }
}

/** Runs the new set of tasks; resolves once the evaluator runs them. */
export type TasksChanged = (definitions: readonly TaskDefinition[]) => Promise<void>;

/**
 * The tasks of a running standalone server, for the define API: every change is validated
 * against the whole set (as the evaluator loads it), written to the data folder's tasks (so it
 * survives a restart) and then handed to the evaluator, one change at a time.
 */
export class TaskCatalog {
  private sources: TaskSource[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: TaskFolder,
    initial: readonly TaskSource[],
    private readonly changed: TasksChanged,
  ) {
    this.sources = [...initial];
  }

  list(): readonly TaskSource[] {
    return this.sources;
  }

  get(name: string): TaskSource | undefined {
    return this.sources.find((task) => task.name === name);
  }

  /** Creates or replaces a task. */
  define(task: TaskSource): Promise<void> {
    return this.serialized(async () => {
      const next = [...this.sources.filter((known) => known.name !== task.name), task].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const definitions = definitionsOf(next, task.name);
      try {
        await this.folder.put(task.name, task.script, task.vars);
      } catch (error) {
        if (error instanceof TaskFolderError) throw new TaskChangeError(error.message);
        throw error;
      }
      this.sources = next;
      await this.changed(definitions);
    });
  }

  remove(name: string): Promise<void> {
    return this.serialized(async () => {
      if (!this.get(name)) throw new TaskChangeError(`no task exists named ${name}`, true);
      const next = this.sources.filter((known) => known.name !== name);
      await this.folder.remove(name);
      this.sources = next;
      await this.changed(standaloneTasks(next));
    });
  }

  private serialized(change: () => Promise<void>): Promise<void> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Compiles the set; a problem of the changed task is answered with its line and column. */
function definitionsOf(sources: readonly TaskSource[], changed: string): TaskDefinition[] {
  try {
    return standaloneTasks(sources);
  } catch (error) {
    if (!(error instanceof TaskLoadError)) throw error;
    const cause = error.cause;
    const where = cause instanceof TickScriptError ? `${cause.line}:${cause.column}: ` : '';
    throw new TaskChangeError(error.task === changed && where !== '' ? `task ${changed}: ${where}${cause instanceof Error ? cause.message : ''}` : error.message);
  }
}
