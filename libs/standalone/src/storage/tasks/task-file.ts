import { parseTaskVars as parseTaskVarsText, type TaskVars } from '@vigil/evaluation';

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
 * A task as kept in the data folder. `name` and `script` make it a TaskSource of
 * @vigil/evaluation; `vars`, when present, are the values its `var` declarations take.
 */
export interface TaskFile {
  readonly name: string;
  readonly script: string;
  readonly vars?: TaskVars;
  readonly status: TaskStatus;
}

/** Reads a `<name>.status` file: `enabled` or `disabled`, surrounding white space ignored. */
export function parseTaskStatus(file: string, text: string): TaskStatus {
  const status = text.trim();
  if (status === 'enabled' || status === 'disabled') return status;
  throw new TaskFolderError(`${file}: expected "enabled" or "disabled", got ${JSON.stringify(status)}`);
}

/** Thrown for a task name or task file the folder cannot take; says which and why. */
export class TaskFolderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskFolderError';
  }
}

/**
 * File names are the task names, so names keep to characters that are safe in every file
 * system and cannot collide with the `.vars.json` suffix.
 */
const TASK_FILE_NAME = /^[A-Za-z0-9_-]{1,200}$/;

export function checkTaskName(name: string): void {
  if (!TASK_FILE_NAME.test(name)) {
    throw new TaskFolderError(`task name ${JSON.stringify(name)}: use 1 to 200 letters, digits, '_' or '-'`);
  }
}

/** Parses a vars file: a JSON object of {"type": ..., "value": ...} entries, as the evaluator reads them. */
export function parseTaskVars(file: string, text: string): TaskVars {
  try {
    return parseTaskVarsText(text);
  } catch (error) {
    throw new TaskFolderError(`${file}: ${(error as Error).message}`, { cause: error });
  }
}
