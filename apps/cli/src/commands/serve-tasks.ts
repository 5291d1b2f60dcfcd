import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { defineTasks, SERIES_PARTITION_KEYS, TaskLoadError, type TaskSource } from '@vigil/evaluation';
import { TaskFolderError, type TaskFolder } from '@vigil/standalone';
import { validateTask } from '@vigil/tick-engine';
import { compileTickScript } from '@vigil/tick-lang';
import { UsageError } from '../args/parse-args';
import { withScriptErrors } from './script-errors';

/** A task file that cannot run, with the file it is in (exit code 2, like a script error). */
export class TaskFileError extends Error {
  override readonly name = 'TaskFileError';
}

/**
 * Validates a script as `vigil check` does (errors as file:line:column with a caret) and as the
 * evaluator loads it (task name, dbrp). Throws ScriptFileError or TaskFileError.
 */
export function checkTaskScript(path: string, task: TaskSource): void {
  const { pipeline } = withScriptErrors(path, task.script, () => compileTickScript(task.script));
  withScriptErrors(path, task.script, () => validateTask(pipeline, task.name));
  try {
    defineTasks([task], SERIES_PARTITION_KEYS);
  } catch (error) {
    if (error instanceof TaskLoadError) throw new TaskFileError(`${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Puts each `--task` file into the data folder's tasks (replacing a task of that name) once it
 * validated, so that a bad script never lands where the next start would trip over it.
 */
export async function installTaskFiles(folder: TaskFolder, paths: readonly string[]): Promise<void> {
  const names = new Set<string>();
  const tasks = paths.map((path) => {
    if (!path.endsWith('.tick')) throw new UsageError(`--task ${path}: a task file must end in .tick (the task is named after the file)`);
    const task = { name: basename(path, '.tick'), script: readFileSync(path, 'utf8') };
    if (names.has(task.name)) throw new UsageError(`--task ${path}: two task files are named ${task.name}.tick`);
    names.add(task.name);
    checkTaskScript(path, task);
    return task;
  });
  for (const task of tasks) {
    try {
      await folder.put(task.name, task.script);
    } catch (error) {
      if (error instanceof TaskFolderError) throw new TaskFileError(`--task ${paths[tasks.indexOf(task)]}: ${error.message}`);
      throw error;
    }
  }
}

/** Every task of the data folder, in name order, each validated where it lies. */
export async function readTaskFolder(folder: TaskFolder): Promise<TaskSource[]> {
  let listed;
  try {
    listed = await folder.list();
  } catch (error) {
    if (error instanceof TaskFolderError) throw new TaskFileError(error.message);
    throw error;
  }
  return listed.map((task) => {
    const path = folder.scriptPath(task.name);
    // The evaluator compiles scripts without vars (as TASKS_DIR does), so a vars file would be ignored silently.
    if (task.vars !== undefined) throw new TaskFileError(`${folder.varsPath(task.name)}: task vars are not supported by vigil serve yet; put the values in the script`);
    const source = { name: task.name, script: task.script };
    checkTaskScript(path, source);
    return source;
  });
}
