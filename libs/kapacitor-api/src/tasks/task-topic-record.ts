import { parseTaskVars } from '@vigil/evaluation';
import { ZERO_TIME, type KapacitorTask, type TaskDbrp, type TaskRecord } from './kapacitor-task';

/** The format of a task record's value; a reader refuses others, so a newer writer is noticed. */
export const TASK_RECORD_FORMAT = 'vigil.task.v1';

/**
 * The value of a task's record on the tasks topic (the distributed mode's task store): key = the
 * task id, value = this JSON, tombstone = deleted. Field names are Kapacitor's task JSON where it
 * has them. Ingest writes it; every evaluator and ingest reads it.
 */
export function encodeTaskRecord(task: KapacitorTask): string {
  const record = task.record;
  return JSON.stringify({
    format: TASK_RECORD_FORMAT,
    id: task.name,
    script: task.script,
    status: task.status,
    vars: task.vars ?? {},
    dbrps: record?.dbrps ?? [],
    ...(record?.templateId === undefined ? {} : { 'template-id': record.templateId }),
    ...(record === undefined ? {} : { created: record.created, modified: record.modified, 'last-enabled': record.lastEnabled }),
  });
}

/** Thrown for a task record that is not one `encodeTaskRecord` wrote. */
export class TaskRecordError extends Error {
  constructor(key: string, reason: string) {
    super(`task record ${JSON.stringify(key)}: ${reason}`);
    this.name = 'TaskRecordError';
  }
}

/** Reads a task record's value (the value came over Kafka, so every field is checked). */
export function decodeTaskRecord(key: string, value: Buffer | string): KapacitorTask {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch (error) {
    throw new TaskRecordError(key, `not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TaskRecordError(key, 'expected a JSON object');
  const fields = parsed as Record<string, unknown>;
  if (fields['format'] !== TASK_RECORD_FORMAT) throw new TaskRecordError(key, `unknown format ${JSON.stringify(fields['format'])}`);
  if (fields['id'] !== key) throw new TaskRecordError(key, 'its id is not its key');
  const { script, status } = fields;
  if (typeof script !== 'string') throw new TaskRecordError(key, '"script" must be a string');
  if (status !== 'enabled' && status !== 'disabled') throw new TaskRecordError(key, '"status" must be "enabled" or "disabled"');
  let vars;
  try {
    vars = parseTaskVars(JSON.stringify(fields['vars'] ?? {}));
  } catch (error) {
    throw new TaskRecordError(key, `vars: ${(error as Error).message}`);
  }
  const record = readRecord(key, fields);
  return { name: key, script, status, ...(Object.keys(vars).length === 0 ? {} : { vars }), ...(record === undefined ? {} : { record }) };
}

function readRecord(key: string, fields: Record<string, unknown>): TaskRecord | undefined {
  const dbrps = fields['dbrps'];
  if (!Array.isArray(dbrps)) throw new TaskRecordError(key, '"dbrps" must be a list');
  const list: TaskDbrp[] = dbrps.map((entry: unknown) => {
    const { db, rp } = (typeof entry === 'object' && entry !== null ? entry : {}) as { db?: unknown; rp?: unknown };
    if (typeof db !== 'string' || typeof rp !== 'string') throw new TaskRecordError(key, 'each dbrp needs "db" and "rp" strings');
    return { db, rp };
  });
  const { created, modified } = fields;
  const lastEnabled = fields['last-enabled'];
  if (created === undefined) return list.length === 0 ? undefined : { dbrps: list, created: ZERO_TIME, modified: ZERO_TIME, lastEnabled: ZERO_TIME };
  if (typeof created !== 'string' || typeof modified !== 'string' || typeof lastEnabled !== 'string') throw new TaskRecordError(key, 'times must be RFC 3339 strings');
  const templateId = fields['template-id'];
  if (templateId !== undefined && typeof templateId !== 'string') throw new TaskRecordError(key, '"template-id" must be a string');
  return { dbrps: list, created, modified, lastEnabled, ...(templateId === undefined ? {} : { templateId }) };
}
