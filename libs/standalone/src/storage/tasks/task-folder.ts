import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeFile, replaceFile } from '../files/durable-files';
import { checkTaskName, parseTaskStatus, parseTaskVars, TaskFolderError, type TaskFile, type TaskStatus, type TaskVars } from './task-file';
import { readOptional } from './optional-file';
import { formatTaskRecord, parseTaskRecord, type TaskRecord } from './task-record';

/** What a put writes besides the script; see TaskFolder.put. */
export interface TaskFields {
  readonly vars?: TaskVars;
  readonly status?: TaskStatus;
  readonly record?: TaskRecord;
}

const SCRIPT_SUFFIX = '.tick';
const VARS_SUFFIX = '.vars.json';
const STATUS_SUFFIX = '.status';
const RECORD_SUFFIX = '.task.json';

/**
 * The tasks of a standalone server: `<name>.tick` (the script exactly as written), an optional
 * `<name>.vars.json` beside it, an optional `<name>.status` (`disabled` or `enabled`; without one
 * the task is enabled) and an optional `<name>.task.json`, the task's record (the request's
 * dbrps, template, created, modified and last-enabled times; see task-record.ts), each read back
 * into its own field of the TaskFile. A task without a record file (put by hand or with
 * `vigil serve --task`, whose scripts declare their dbrps, or by a vigil that kept the request's
 * dbrp line in the script) is read as it lies, and the task API shows it with zero times.
 *
 * Files are replaced atomically, one at a time, the script last, so a crash leaves each file
 * either as it was or as it was put; a crash within a put can pair the new vars, status or
 * record with the old script.
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
    const written = await readOptional(this.scriptPath(name));
    if (written === undefined) return undefined;
    const varsText = await readOptional(this.varsPath(name));
    const statusText = await readOptional(this.statusPath(name));
    const recordText = await readOptional(this.recordPath(name));
    const status = statusText === undefined ? 'enabled' : parseTaskStatus(this.statusPath(name), statusText);
    return {
      name,
      script: written,
      ...(varsText === undefined ? {} : { vars: parseTaskVars(this.varsPath(name), varsText) }),
      status,
      ...(recordText === undefined ? {} : { record: parseTaskRecord(this.recordPath(name), recordText) }),
    };
  }

  /**
   * Creates or replaces a task. The vars, the status and the record are written before the
   * script, so a script never appears without the vars it was put with, nor runs when it was put
   * disabled; putting without vars removes old ones. Without a status (`--task`) a task keeps the
   * one it has, as `kapacitor define` of an existing task keeps it. Without a record (`--task`)
   * the task's record goes, as its script declares its own dbrps.
   */
  async put(name: string, script: string, { vars, status, record }: TaskFields = {}): Promise<void> {
    checkTaskName(name);
    if (vars === undefined) await removeFile(this.varsPath(name));
    else await replaceFile(this.varsPath(name), `${JSON.stringify(parseTaskVars('vars', JSON.stringify(vars)), null, 2)}\n`);
    if (status !== undefined) await this.writeStatus(name, status);
    if (record === undefined) await removeFile(this.recordPath(name));
    else await replaceFile(this.recordPath(name), `${formatTaskRecord(record)}\n`);
    await replaceFile(this.scriptPath(name), script);
  }

  /** Deletes a task's files; false when there was no such task. The script goes first, so a crash never leaves half a task that runs. */
  async remove(name: string): Promise<boolean> {
    checkTaskName(name);
    const existed = await removeFile(this.scriptPath(name));
    await removeFile(this.varsPath(name));
    await removeFile(this.statusPath(name));
    await removeFile(this.recordPath(name));
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

  recordPath(name: string): string {
    return join(this.folder, `${name}${RECORD_SUFFIX}`);
  }
}
