import { parseTaskVars, type TaskVars } from '@vigil/evaluation';
import { compileTickScript } from '@vigil/tick-lang';
import type { TaskFile, TaskStatus } from '../storage/tasks/task-file';

/** A task request vigil cannot take (400). */
export class TaskRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskRequestError';
  }
}

/** The only identifier characters a dbrp line written back into a script may hold. */
const DBRP_NAME = /^[^"\\\n]+$/;

/**
 * Reads the JSON body of Kapacitor's POST or PATCH `/kapacitor/v1/tasks` into a task. A PATCH
 * (`current` given) keeps what the body leaves out. `dbrps` of the request are written into the
 * script as `dbrp` lines, because the data folder keeps a task as its script alone; Kapacitor
 * likewise merges the request's dbrps with the script's. `vars` take the JSON of `kapacitor
 * define -vars`; a PATCH without them keeps the task's vars and `{}` drops them, as in Kapacitor.
 * Their shape is checked here, each value against its type when the catalog compiles the task
 * (answered with the line and column of its `var`). `status` is Kapacitor's: a POST without one
 * defines the task disabled (Kapacitor's default, so a client that defines and then enables, as
 * `kapacitor define` and `kapacitor enable` do, sees the same task states), a PATCH without one
 * keeps the task's. Batch tasks and templates are refused rather than half-supported.
 */
export function readTaskRequest(body: unknown, current: TaskFile | undefined): TaskFile {
  const request = parseBody(body);
  const id = request['id'] ?? current?.name;
  if (typeof id !== 'string' || id === '') throw new TaskRequestError('task id is required');
  if (current && id !== current.name) throw new TaskRequestError('renaming a task is not supported; delete it and define it again');
  if (request['type'] !== undefined && request['type'] !== 'stream') throw new TaskRequestError(`task type ${JSON.stringify(request['type'])} is not supported: vigil runs stream tasks`);
  if (request['template-id'] !== undefined && request['template-id'] !== '') throw new TaskRequestError('templates are not supported');
  const status = readStatus(request['status'], current?.status);
  const script = request['script'] ?? current?.script;
  if (typeof script !== 'string' || script.trim() === '') throw new TaskRequestError('script is required');
  const vars = readVars(request['vars'], current?.vars);
  const task = { name: id, script: withDbrps(script, request['dbrps'], vars) };
  return vars === undefined ? { ...task, status } : { ...task, vars, status };
}

/** The request's status; left out (or null, or "" as Go's zero value), the current one or disabled for a new task. */
function readStatus(status: unknown, current: TaskStatus | undefined): TaskStatus {
  if (status === undefined || status === null || status === '') return current ?? 'disabled';
  if (status === 'enabled' || status === 'disabled') return status;
  throw new TaskRequestError(`invalid status ${JSON.stringify(status)}: expected "enabled" or "disabled"`);
}

/** The request's vars; left out (or null, as Kapacitor's Go decoding reads it), the current ones. */
function readVars(vars: unknown, current: TaskVars | undefined): TaskVars | undefined {
  if (vars === undefined || vars === null) return current;
  let parsed: TaskVars;
  try {
    parsed = parseTaskVars(JSON.stringify(vars));
  } catch (error) {
    throw new TaskRequestError(`vars: ${(error as Error).message}`);
  }
  return Object.keys(parsed).length === 0 ? undefined : parsed;
}

function parseBody(body: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TaskRequestError(`request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TaskRequestError('request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** The script with a `dbrp` line in front for each requested pair it does not declare itself. */
function withDbrps(script: string, dbrps: unknown, vars: TaskVars | undefined): string {
  if (dbrps === undefined || dbrps === null) return script;
  if (!Array.isArray(dbrps)) throw new TaskRequestError('dbrps must be a list of {"db": ..., "rp": ...}');
  let declared: readonly { database: string; retentionPolicy: string }[] = [];
  try {
    declared = compileTickScript(script, vars === undefined ? {} : { vars }).pipeline.dbrps;
  } catch {
    // The catalog reports the script's own error with its position.
  }
  const lines: string[] = [];
  for (const entry of dbrps as unknown[]) {
    const { db, rp } = (typeof entry === 'object' && entry !== null ? entry : {}) as { db?: unknown; rp?: unknown };
    if (typeof db !== 'string' || typeof rp !== 'string' || !DBRP_NAME.test(db) || !DBRP_NAME.test(rp)) {
      throw new TaskRequestError('each dbrp needs "db" and "rp" names without quotes, backslashes or line breaks');
    }
    if (!declared.some((dbrp) => dbrp.database === db && dbrp.retentionPolicy === rp)) lines.push(`dbrp "${db}"."${rp}"\n`);
  }
  return lines.join('') + script;
}
