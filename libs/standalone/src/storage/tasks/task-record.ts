import { TaskFolderError } from './task-folder-error';

/** A database and retention policy, as Kapacitor's task API spells it (`{"db": ..., "rp": ...}`). */
export interface TaskDbrp {
  readonly db: string;
  readonly rp: string;
}

/**
 * What Kapacitor's task API keeps about a task besides its script and vars: the dbrps of the
 * request (empty when the script declares its own) and the task's times, as RFC 3339 strings.
 * Kapacitor sets them in `task_store/service.go`: `created` and `modified` when a task is
 * created, `modified` on every update, `last-enabled` when it is created enabled or its status
 * changes to enabled.
 */
export interface TaskRecord {
  readonly dbrps: readonly TaskDbrp[];
  readonly created: string;
  readonly modified: string;
  readonly lastEnabled: string;
  /**
   * The template the task was defined from (Kapacitor's `template-id`); its script is then the
   * template's, copied as Kapacitor copies it, and replaced whenever the template is updated.
   */
  readonly templateId?: string;
}

/** Go's zero time as Kapacitor's JSON prints it: the times of a task that predates task records. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * The record of a task without one (defined before records, or a hand-placed `.tick`): no
 * request dbrps and zero times.
 */
export const EMPTY_TASK_RECORD: TaskRecord = { dbrps: [], created: ZERO_TIME, modified: ZERO_TIME, lastEnabled: ZERO_TIME };

/** The record as kept in `<name>.task.json`, with Kapacitor's field names. */
export function formatTaskRecord(record: TaskRecord): string {
  const template = record.templateId === undefined ? {} : { 'template-id': record.templateId };
  return JSON.stringify({ dbrps: record.dbrps, created: record.created, modified: record.modified, 'last-enabled': record.lastEnabled, ...template });
}

/** Reads a record written by formatTaskRecord; `file` names it in errors. */
export function parseTaskRecord(file: string, text: string): TaskRecord {
  const fields = parseRecordObject(file, text);
  const dbrps = fields['dbrps'];
  if (!Array.isArray(dbrps)) throw new TaskFolderError(`${file}: "dbrps" must be a list`);
  const templateId = fields['template-id'];
  if (templateId !== undefined && (typeof templateId !== 'string' || templateId === '')) throw new TaskFolderError(`${file}: "template-id" must be a template id`);
  return {
    dbrps: dbrps.map((entry: unknown) => readDbrp(file, entry)),
    created: readTime(file, fields, 'created'),
    modified: readTime(file, fields, 'modified'),
    lastEnabled: readTime(file, fields, 'last-enabled'),
    ...(templateId === undefined ? {} : { templateId }),
  };
}

/** A record file's JSON object; `file` names it in errors. */
export function parseRecordObject(file: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TaskFolderError(`${file}: not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TaskFolderError(`${file}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}

function readDbrp(file: string, entry: unknown): TaskDbrp {
  const { db, rp } = (typeof entry === 'object' && entry !== null ? entry : {}) as { db?: unknown; rp?: unknown };
  if (typeof db !== 'string' || typeof rp !== 'string') throw new TaskFolderError(`${file}: each dbrp needs "db" and "rp" strings`);
  return { db, rp };
}

/** An RFC 3339 time as Go writes it: date, `T`, time with optional fraction, `Z` or an offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The RFC 3339 time under `key` of a parsed record file; `file` names it in errors. */
export function readTime(file: string, fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || !RFC3339.test(value)) throw new TaskFolderError(`${file}: "${key}" must be an RFC 3339 time`);
  return value;
}
