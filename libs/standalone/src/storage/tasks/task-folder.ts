import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeFile, replaceFile } from '../files/durable-files';
import { checkTaskName, parseTaskStatus, parseTaskVars, TaskFolderError, type TaskFile, type TaskStatus, type TaskVars } from './task-file';

const SCRIPT_SUFFIX = '.tick';
const VARS_SUFFIX = '.vars.json';
const STATUS_SUFFIX = '.status';

/**
 * The tasks of a standalone server: `<name>.tick` (its dbrp lines inside the script, as
 * TICKscript allows), an optional `<name>.vars.json` beside it and an optional `<name>.status`
 * (`disabled` or `enabled`; without one the task is enabled). Files are replaced atomically, so
 * a crash leaves each task either as it was or as it was put.
 */
export class TaskFolder {
  private constructor(readonly folder: string) {}

  static async open(folder: string): Promise<TaskFolder> {
    await mkdir(folder, { recursive: true });
    return new TaskFolder(folder);
  }

  /**
   * Every task in name order. A `.tick` file whose name is not a task name is an error rather
   * than skipped: a task the user dropped in must not silently never run.
   */
  async list(): Promise<TaskFile[]> {
    const scripts = (await readdir(this.folder)).filter((file) => file.endsWith(SCRIPT_SUFFIX)).sort();
    const tasks: TaskFile[] = [];
    for (const file of scripts) {
      const name = file.slice(0, -SCRIPT_SUFFIX.length);
      try {
        checkTaskName(name);
      } catch (error) {
        throw new TaskFolderError(`${join(this.folder, file)}: ${(error as Error).message}`, { cause: error });
      }
      const task = await this.get(name);
      if (task) tasks.push(task);
    }
    return tasks;
  }

  /** One task, or undefined when it has no script. */
  async get(name: string): Promise<TaskFile | undefined> {
    checkTaskName(name);
    const script = await readOptional(this.scriptPath(name));
    if (script === undefined) return undefined;
    const varsText = await readOptional(this.varsPath(name));
    const statusText = await readOptional(this.statusPath(name));
    const status = statusText === undefined ? 'enabled' : parseTaskStatus(this.statusPath(name), statusText);
    return varsText === undefined ? { name, script, status } : { name, script, vars: parseTaskVars(this.varsPath(name), varsText), status };
  }

  /**
   * Creates or replaces a task. The vars and the status are written before the script, so a
   * script never appears without the vars it was put with, nor runs when it was put disabled;
   * putting without vars removes old ones. Without a status (`--task`) a task keeps the one it
   * has, as `kapacitor define` of an existing task keeps it.
   */
  async put(name: string, script: string, vars?: TaskVars, status?: TaskStatus): Promise<void> {
    checkTaskName(name);
    if (vars === undefined) await removeFile(this.varsPath(name));
    else await replaceFile(this.varsPath(name), `${JSON.stringify(parseTaskVars('vars', JSON.stringify(vars)), null, 2)}\n`);
    if (status !== undefined) await this.writeStatus(name, status);
    await replaceFile(this.scriptPath(name), script);
  }

  /** Deletes a task's files; false when there was no such task. The script goes first, so a crash never leaves half a task that runs. */
  async remove(name: string): Promise<boolean> {
    checkTaskName(name);
    const existed = await removeFile(this.scriptPath(name));
    await removeFile(this.varsPath(name));
    await removeFile(this.statusPath(name));
    return existed;
  }

  /** Enabled is the default, so it is kept as no file: the folder then looks as it did before statuses. */
  private async writeStatus(name: string, status: TaskStatus): Promise<void> {
    if (status === 'enabled') await removeFile(this.statusPath(name));
    else await replaceFile(this.statusPath(name), `${status}\n`);
  }

  scriptPath(name: string): string {
    return join(this.folder, `${name}${SCRIPT_SUFFIX}`);
  }

  varsPath(name: string): string {
    return join(this.folder, `${name}${VARS_SUFFIX}`);
  }

  statusPath(name: string): string {
    return join(this.folder, `${name}${STATUS_SUFFIX}`);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
