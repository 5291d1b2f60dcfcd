import { parseTaskVars, type TaskVars } from '@vigil/evaluation';
import { TaskRequestError } from '../http/task-request-error';
import type { KapacitorTemplate } from '../templates/kapacitor-template';
import { EMPTY_TASK_RECORD, ZERO_TIME, type KapacitorTask, type TaskRecord, type TaskStatus } from './kapacitor-task';
import { dbrpsOfCreate, dbrpsOfUpdate, readRequestDbrps, scriptDbrps } from './task-dbrps';
import { checkNewTaskId } from './task-id';

export { TaskRequestError } from '../http/task-request-error';

/**
 * Reads the JSON body of Kapacitor's POST or PATCH `/kapacitor/v1/tasks` into a task. A PATCH
 * (`current` given) keeps what the body leaves out. The script is kept as written; the request's
 * `dbrps` go into the task's record beside it, by Kapacitor's rules (task-dbrps.ts), and are
 * compiled with the script without entering its text, so `show` prints the user's script and
 * errors point at the user's own lines. `vars` take the JSON of
 * `kapacitor define -vars`; a PATCH without vars, or with `{}`, keeps the task's, as Kapacitor's
 * `handleUpdateTask` changes vars only when it is given some. Their shape is checked here, each
 * value against its type when the catalog compiles the task (answered with the line and column
 * of its `var`). `status` is Kapacitor's: a POST without one defines the task disabled
 * (Kapacitor's default, so a client that defines and then enables, as `kapacitor define` and
 * `kapacitor enable` do, sees the same task states), a PATCH without one keeps the task's.
 * `now` dates the change as Kapacitor does (task-record.ts). A `template-id` (or the template a
 * task already names) makes the task's script the template's, looked up with `templateOf`, as
 * Kapacitor's `handleCreateTask` and `handleUpdateTask` copy it. The task type (`stream` or
 * `batch`) is read from the script, not kept.
 */
export function readTaskRequest(body: unknown, current: KapacitorTask | undefined, now: Date, templateOf: TemplateLookup = () => undefined): KapacitorTask {
  const request = parseBody(body);
  const id = request['id'] ?? current?.name;
  if (typeof id !== 'string' || id === '') throw new TaskRequestError('task id is required');
  if (current && id !== current.name) throw new TaskRequestError('renaming a task is not supported; delete it and define it again');
  if (!current) checkNewTaskId(id);
  // The type is the script's, as Kapacitor's handleCreateTask takes it from the program (taskTypeFromProgram).
  if (request['type'] !== undefined && request['type'] !== 'stream' && request['type'] !== 'batch') throw new TaskRequestError(`invalid task type ${JSON.stringify(request['type'])}: expected "stream" or "batch"`);
  const status = readStatus(request['status'], current?.status);
  const templateId = readTemplateId(request['template-id']) ?? current?.record?.templateId;
  const template = templateId === undefined ? undefined : templateOf(templateId);
  if (templateId !== undefined && template === undefined) throw new TaskRequestError(`unknown template ${templateId}: err: no template exists`);
  // A task of a template runs the template's script, whatever script the request holds.
  const script = template?.script ?? readScript(request['script']) ?? current?.script;
  if (script === undefined) throw new TaskRequestError('script is required');
  const vars = readVars(request['vars'], current?.vars);
  const requested = readRequestDbrps(request['dbrps']);
  const scriptGiven = template === undefined && request['script'] !== undefined;
  const dbrps = current
    ? dbrpsOfUpdate({ scriptGiven, before: scriptDbrps(current.script), written: scriptDbrps(script), requested, kept: (current.record ?? EMPTY_TASK_RECORD).dbrps })
    : dbrpsOfCreate(scriptDbrps(script), requested);
  const record = { ...datedRecord(current?.record, current?.status, status, now), dbrps, ...(templateId === undefined ? {} : { templateId }) };
  return { name: id, script, ...(vars === undefined ? {} : { vars }), status, record };
}

/**
 * The times of the task after this change, as Kapacitor's `handleCreateTask` and
 * `handleUpdateTask` set them: created and modified now for a new task, modified now for an
 * update; last enabled now when a new task is enabled or a task's status changes to enabled.
 * A task that predates records keeps its zero created time.
 */
function datedRecord(before: TaskRecord | undefined, previous: TaskStatus | undefined, status: TaskStatus, now: Date): Omit<TaskRecord, 'dbrps'> {
  const time = now.toISOString();
  const enabledNow = status === 'enabled' && previous !== 'enabled';
  if (previous === undefined) return { created: time, modified: time, lastEnabled: enabledNow ? time : ZERO_TIME };
  const kept = before ?? EMPTY_TASK_RECORD;
  return { created: kept.created, modified: time, lastEnabled: enabledNow ? time : kept.lastEnabled };
}

/** Finds a template by id, for a task defined from one (`template-id`). */
export type TemplateLookup = (id: string) => KapacitorTemplate | undefined;

/** The request's template id; "" reads as none, as Go's zero value. */
function readTemplateId(id: unknown): string | undefined {
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string') throw new TaskRequestError('template-id must be a string');
  return id;
}

/** The request's script; "" reads as none, as Go's zero value (a PATCH keeps the task's). */
function readScript(script: unknown): string | undefined {
  if (script === undefined || script === null || script === '') return undefined;
  if (typeof script !== 'string') throw new TaskRequestError('script must be a string');
  if (script.trim() === '') throw new TaskRequestError('script is required');
  return script;
}

/** The request's status; left out (or null, or "" as Go's zero value), the current one or disabled for a new task. */
function readStatus(status: unknown, current: TaskStatus | undefined): TaskStatus {
  if (status === undefined || status === null || status === '') return current ?? 'disabled';
  if (status === 'enabled' || status === 'disabled') return status;
  throw new TaskRequestError(`invalid status ${JSON.stringify(status)}: expected "enabled" or "disabled"`);
}

/** The request's vars; left out, null or empty (as Kapacitor's `len(task.Vars) > 0` reads them), the current ones. */
function readVars(vars: unknown, current: TaskVars | undefined): TaskVars | undefined {
  if (vars === undefined || vars === null) return current;
  let parsed: TaskVars;
  try {
    parsed = parseTaskVars(JSON.stringify(vars));
  } catch (error) {
    throw new TaskRequestError(`vars: ${(error as Error).message}`);
  }
  return Object.keys(parsed).length === 0 ? current : parsed;
}

/** A request body as one JSON object, or a TaskRequestError saying why not. */
export function parseBody(body: unknown): Record<string, unknown> {
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
