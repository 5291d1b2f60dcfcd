import type { TaskDbrp, TaskRecord } from '@vigil/kapacitor-api';
import { TaskFolderError } from './task-folder-error';

// The record's shape and defaults belong to Kapacitor's task API (@vigil/kapacitor-api); the data
// folder only says how it is written to `<name>.task.json` and read back.
export { EMPTY_TASK_RECORD, ZERO_TIME, type TaskDbrp, type TaskRecord } from '@vigil/kapacitor-api';

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
