import { parseTaskVars as parseTaskVarsText, type TaskSource, type TaskVars } from '@vigil/evaluation';
import { TaskFolderError } from './task-folder-error';
import type { TaskRecord } from './task-record';

export { TaskFolderError } from './task-folder-error';

/** A task var as `kapacitor define -vars` takes it: `{"type": "int", "value": 10}`. */
export interface TaskVarFile {
  readonly type: string;
  readonly value: unknown;
}

export type { TaskVars };

/**
 * Kapacitor's task status: a disabled task keeps its definition but does not run. A task without
 * a status file is enabled, so tasks put into the folder by hand or with `--task` run as before.
 */
export type TaskStatus = 'enabled' | 'disabled';

/**
 * A task as kept in the data folder: the script exactly as written, the values its `var`
 * declarations take, its status, and, for a task defined through the task API, its record
 * (the request's dbrps, the template it came from, its times; see task-record.ts). A task
 * without a record (put by hand or with `vigil serve --task`) declares its dbrps in its script.
 */
export interface TaskFile {
  readonly name: string;
  readonly script: string;
  readonly vars?: TaskVars;
  readonly status: TaskStatus;
  readonly record?: TaskRecord;
}

/** What the evaluator compiles of a task: its script, vars, and the record's dbrps beside the script. */
export function taskSourceOf(task: Omit<TaskFile, 'status'>): TaskSource {
  const dbrps = (task.record?.dbrps ?? []).map((dbrp) => ({ database: dbrp.db, retentionPolicy: dbrp.rp }));
  return { name: task.name, script: task.script, ...(task.vars === undefined ? {} : { vars: task.vars }), ...(dbrps.length === 0 ? {} : { dbrps }) };
}

/** Reads a `<name>.status` file: `enabled` or `disabled`, surrounding white space ignored. */
export function parseTaskStatus(file: string, text: string): TaskStatus {
  const status = text.trim();
  if (status === 'enabled' || status === 'disabled') return status;
  throw new TaskFolderError(`${file}: expected "enabled" or "disabled", got ${JSON.stringify(status)}`);
}


/**
 * Task names and template ids are file names in the data folder, so they keep to Kapacitor's id
 * characters (`validTaskID`, '.' included) in ASCII: every file system keeps those as written.
 * The suffixes (`.tick`, `.vars.json`, `.status`, `.task.json`, `.template.json`) end
 * differently, so no id's files can be another's. `.` and `..` match the characters but are
 * refused: they name folders, not tasks.
 */
const FILE_SAFE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Refuses a task name (or, with `what`, a template id) the data folder cannot keep as a file name. */
export function checkTaskName(name: string, what: 'task name' | 'template id' = 'task name'): void {
  if (name === '.' || name === '..') throw new TaskFolderError(`${what} ${JSON.stringify(name)}: "." and ".." name folders; use another ${what}`);
  if (!FILE_SAFE_ID.test(name)) throw new TaskFolderError(`${what} ${JSON.stringify(name)}: use 1 to 200 ASCII letters, digits, '-', '.' or '_'`);
}

/** Parses a vars file: a JSON object of {"type": ..., "value": ...} entries, as the evaluator reads them. */
export function parseTaskVars(file: string, text: string): TaskVars {
  try {
    return parseTaskVarsText(text);
  } catch (error) {
    throw new TaskFolderError(`${file}: ${(error as Error).message}`, { cause: error });
  }
}
