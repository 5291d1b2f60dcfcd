import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeFile, replaceFile } from '../files/durable-files';
import { checkTaskName, parseTaskVars, TaskFolderError, type TaskFile, type TaskVars } from './task-file';

const SCRIPT_SUFFIX = '.tick';
const VARS_SUFFIX = '.vars.json';

/**
 * The tasks of a standalone server: `<name>.tick` (its dbrp lines inside the script, as
 * TICKscript allows) and an optional `<name>.vars.json` beside it. Files are replaced
 * atomically, so a crash leaves each task either as it was or as it was put.
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
    return varsText === undefined ? { name, script } : { name, script, vars: parseTaskVars(this.varsPath(name), varsText) };
  }

  /**
   * Creates or replaces a task. The vars are written before the script, so a script never
   * appears without the vars it was put with; putting without vars removes old ones.
   */
  async put(name: string, script: string, vars?: TaskVars): Promise<void> {
    checkTaskName(name);
    if (vars === undefined) await removeFile(this.varsPath(name));
    else await replaceFile(this.varsPath(name), `${JSON.stringify(parseTaskVars('vars', JSON.stringify(vars)), null, 2)}\n`);
    await replaceFile(this.scriptPath(name), script);
  }

  /** Deletes a task's files; false when there was no such task. */
  async remove(name: string): Promise<boolean> {
    checkTaskName(name);
    const existed = await removeFile(this.scriptPath(name));
    await removeFile(this.varsPath(name));
    return existed;
  }

  scriptPath(name: string): string {
    return join(this.folder, `${name}${SCRIPT_SUFFIX}`);
  }

  varsPath(name: string): string {
    return join(this.folder, `${name}${VARS_SUFFIX}`);
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
