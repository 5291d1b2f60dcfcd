import { checkHandlerAllowed, type HandlerConfig } from '@vigil/alert-handlers';
import { defineTasks, SERIES_PARTITION_KEYS, TaskLoadError, type TaskDefinition } from '@vigil/evaluation';
import { TickScriptError } from '@vigil/tick-lang';
import { standaloneTasks } from '../evaluation/standalone-tasks';
import { TaskFolderError, taskSourceOf, type TaskFile } from '../storage/tasks/task-file';
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

/** Runs the new set of enabled tasks; resolves once the evaluator runs them. */
export type TasksChanged = (definitions: readonly TaskDefinition[]) => Promise<void>;

/**
 * The tasks of a running standalone server, for the define API: every change is validated
 * against the whole set (as the evaluator loads it), written to the data folder's tasks (so it
 * survives a restart) and then handed to the evaluator, one change at a time. A disabled task is
 * validated and kept like any other but not handed to the evaluator, as Kapacitor keeps a
 * disabled task's definition without running it. A task whose alert node names a program, address
 * or origin the handler configuration does not allow is refused as a bad script is (the notifier
 * refuses it again when it builds the handler, whatever was defined).
 */
export class TaskCatalog {
  private sources: TaskFile[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: TaskFolder,
    initial: readonly TaskFile[],
    private readonly changed: TasksChanged,
    private readonly handlers: HandlerConfig,
  ) {
    this.sources = [...initial];
  }

  list(): readonly TaskFile[] {
    return this.sources;
  }

  get(name: string): TaskFile | undefined {
    return this.sources.find((task) => task.name === name);
  }

  /** Creates or replaces a task, or changes its status. */
  define(task: TaskFile): Promise<void> {
    return this.serialized(async () => {
      const next = [...this.sources.filter((known) => known.name !== task.name), task].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const definitions = definitionsOf(next, task.name, this.handlers);
      try {
        await this.folder.put(task.name, task.script, { vars: task.vars, status: task.status, record: task.record });
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
      await this.changed(enabledTasks(next));
    });
  }

  private serialized(change: () => Promise<void>): Promise<void> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * The definitions of the enabled tasks. Every task is compiled, a disabled one too, because
 * Kapacitor refuses a bad script at define time whatever its status.
 */
export function enabledTasks(tasks: readonly TaskFile[]): TaskDefinition[] {
  const enabled = new Set(tasks.filter((task) => task.status === 'enabled').map((task) => task.name));
  return standaloneTasks(tasks.map(taskSourceOf)).filter((definition) => enabled.has(definition.name));
}

/**
 * Compiles the set and checks the changed task's handlers against the handler configuration,
 * whatever its status; a problem of the changed task is answered with its line and column. The
 * other tasks were checked when they were defined or read at boot.
 */
function definitionsOf(sources: readonly TaskFile[], changed: string, handlers: HandlerConfig): TaskDefinition[] {
  try {
    const definitions = enabledTasks(sources);
    defineTasks(
      sources.filter((task) => task.name === changed).map(taskSourceOf),
      SERIES_PARTITION_KEYS,
      (instruction) => checkHandlerAllowed(instruction, handlers),
    );
    return definitions;
  } catch (error) {
    if (!(error instanceof TaskLoadError)) throw error;
    const cause = error.cause;
    const where = cause instanceof TickScriptError ? `${cause.line}:${cause.column}: ` : '';
    throw new TaskChangeError(error.task === changed && where !== '' ? `task ${changed}: ${where}${cause instanceof Error ? cause.message : ''}` : error.message);
  }
}
