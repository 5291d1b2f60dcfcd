import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkHandlerAllowed, type HandlerConfig } from '@vigil/alert-handlers';
import { defineTasks, parseTaskVars, SERIES_PARTITION_KEYS, TaskLoadError, type TaskSource } from '@vigil/evaluation';
import { TaskFolderError, taskSourceOf, type TaskFile, type TaskFolder } from '@vigil/standalone';
import { validateTask } from '@vigil/tick-engine';
import { compileTickScript, TickScriptError } from '@vigil/tick-lang';
import { UsageError } from '../args/parse-args';
import { ScriptFileError, withScriptErrors } from './script-errors';

/** A task file that cannot run, with the file it is in (exit code 2, like a script error). */
export class TaskFileError extends Error {
  override readonly name = 'TaskFileError';
}

/**
 * Validates a script as `vigil check` does (errors as file:line:column with a caret), as the
 * evaluator loads it (task name, dbrp) and against the handler configuration (a program, address
 * or origin it does not allow, at the handler's line and column). Throws ScriptFileError or
 * TaskFileError.
 */
export function checkTaskScript(path: string, task: TaskSource, handlers: HandlerConfig): void {
  const { pipeline } = withScriptErrors(path, task.script, () => compileTickScript(task.script, { vars: task.vars ?? {}, dbrps: task.dbrps ?? [] }));
  withScriptErrors(path, task.script, () => validateTask(pipeline, task.name));
  try {
    defineTasks([task], SERIES_PARTITION_KEYS, (instruction) => checkHandlerAllowed(instruction, handlers));
  } catch (error) {
    if (!(error instanceof TaskLoadError)) throw error;
    if (error.cause instanceof TickScriptError) throw new ScriptFileError(path, error.cause.withSource(task.script));
    throw new TaskFileError(`${path}: ${error.message}`);
  }
}

/**
 * Puts each `--task` file into the data folder's tasks (replacing a task of that name) once it
 * validated, so that a bad script never lands where the next start would trip over it. A
 * `<name>.vars.json` beside the file goes with it, as in the evaluator's TASKS_DIR. A task's
 * status is left as it is: a new task is enabled, one disabled over the task API stays disabled.
 */
export async function installTaskFiles(folder: TaskFolder, paths: readonly string[], handlers: HandlerConfig): Promise<void> {
  const names = new Set<string>();
  const tasks = paths.map((path) => {
    if (!path.endsWith('.tick')) throw new UsageError(`--task ${path}: a task file must end in .tick (the task is named after the file)`);
    const task = { name: basename(path, '.tick'), script: readFileSync(path, 'utf8'), ...varsBeside(path) };
    if (names.has(task.name)) throw new UsageError(`--task ${path}: two task files are named ${task.name}.tick`);
    names.add(task.name);
    checkTaskScript(path, task, handlers);
    return task;
  });
  for (const task of tasks) {
    try {
      await folder.put(task.name, task.script, { vars: task.vars });
    } catch (error) {
      if (error instanceof TaskFolderError) throw new TaskFileError(`--task ${paths[tasks.indexOf(task)]}: ${error.message}`);
      throw error;
    }
  }
}

/**
 * Every task of the data folder with its status, in name order, each validated where it lies (a
 * disabled one too), so a task placed there by hand that names a handler the configuration does
 * not allow stops the start.
 */
export async function readTaskFolder(folder: TaskFolder, handlers: HandlerConfig): Promise<TaskFile[]> {
  let listed;
  try {
    listed = await folder.list();
  } catch (error) {
    if (error instanceof TaskFolderError) throw new TaskFileError(error.message);
    throw error;
  }
  return listed.map((task) => {
    checkTaskScript(folder.scriptPath(task.name), taskSourceOf(task), handlers);
    return task;
  });
}

/** The vars of `<name>.vars.json` beside a `--task` file, if there is one. */
function varsBeside(tickPath: string): Pick<TaskSource, 'vars'> {
  const varsPath = `${tickPath.slice(0, -'.tick'.length)}.vars.json`;
  if (!existsSync(varsPath)) return {};
  try {
    return { vars: parseTaskVars(readFileSync(varsPath, 'utf8')) };
  } catch (error) {
    throw new TaskFileError(`${varsPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
