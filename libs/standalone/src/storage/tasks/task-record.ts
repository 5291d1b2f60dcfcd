import { TaskFolderError } from './task-file';

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
}

/** Go's zero time as Kapacitor's JSON prints it: the times of a task that predates task records. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * The record of a task without one (defined before records, or a hand-placed `.tick`): no
 * request dbrps and zero times.
 */
export const EMPTY_TASK_RECORD: TaskRecord = { dbrps: [], created: ZERO_TIME, modified: ZERO_TIME, lastEnabled: ZERO_TIME };

/**
 * The line that starts a task's record in its runnable script. The data folder keeps the record
 * beside the script (`<name>.task.json`) and the script exactly as written; the evaluator, which
 * compiles a task's `script`, needs the request's dbrps in the text. So a task's `script` is the
 * script as written, then this comment with the record as JSON, then a `dbrp` line per request
 * dbrp. Being at the end, it leaves every line:column of the written script where the user wrote
 * it; being one string, it travels through every place that carries a task's script unchanged.
 */
const RECORD_LINE = '// vigil task record: ';

/** Only these names are written back as `dbrp` lines: the TICKscript lexer reads them unescaped. */
const DBRP_NAME = /^[^"\\\n]+$/;

/** The script the evaluator runs: the written script followed by its record. */
export function runnableScript(written: string, record: TaskRecord): string {
  const dbrpLines = record.dbrps.map((dbrp) => `dbrp "${dbrp.db}"."${dbrp.rp}"\n`).join('');
  return `${written}\n${RECORD_LINE}${formatTaskRecord(record)}\n${dbrpLines}`;
}

/**
 * A runnable script split into the script as written and its record; a script without a record
 * (hand-placed, `--task`, or put before records existed) is all written and has none.
 */
export function splitRunnableScript(script: string): { readonly written: string; readonly record: TaskRecord | undefined } {
  const start = script.lastIndexOf(`\n${RECORD_LINE}`);
  if (start < 0) return { written: script, record: undefined };
  const lineEnd = script.indexOf('\n', start + 1);
  const json = script.slice(start + 1 + RECORD_LINE.length, lineEnd < 0 ? undefined : lineEnd);
  try {
    return { written: script.slice(0, start), record: parseTaskRecord('task record', json) };
  } catch {
    // Not a record vigil wrote: the line is the user's own comment.
    return { written: script, record: undefined };
  }
}

/** True when the written script holds a record line itself, which would be mistaken for vigil's. */
export function holdsRecordLine(written: string): boolean {
  return written.startsWith(RECORD_LINE) || written.includes(`\n${RECORD_LINE}`);
}

/** Checks a dbrp's names before they are written into a script as a `dbrp` line. */
export function checkDbrp(dbrp: TaskDbrp): void {
  if (!DBRP_NAME.test(dbrp.db) || !DBRP_NAME.test(dbrp.rp)) {
    throw new TaskFolderError('each dbrp needs "db" and "rp" names without quotes, backslashes or line breaks');
  }
}

/** The record as kept in `<name>.task.json`, with Kapacitor's field names. */
export function formatTaskRecord(record: TaskRecord): string {
  return JSON.stringify({ dbrps: record.dbrps, created: record.created, modified: record.modified, 'last-enabled': record.lastEnabled });
}

/** Reads a record written by formatTaskRecord; `file` names it in errors. */
export function parseTaskRecord(file: string, text: string): TaskRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TaskFolderError(`${file}: not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TaskFolderError(`${file}: expected a JSON object`);
  const fields = parsed as Record<string, unknown>;
  const dbrps = fields['dbrps'];
  if (!Array.isArray(dbrps)) throw new TaskFolderError(`${file}: "dbrps" must be a list`);
  return {
    dbrps: dbrps.map((entry: unknown) => readDbrp(file, entry)),
    created: readTime(file, fields, 'created'),
    modified: readTime(file, fields, 'modified'),
    lastEnabled: readTime(file, fields, 'last-enabled'),
  };
}

function readDbrp(file: string, entry: unknown): TaskDbrp {
  const { db, rp } = (typeof entry === 'object' && entry !== null ? entry : {}) as { db?: unknown; rp?: unknown };
  if (typeof db !== 'string' || typeof rp !== 'string') throw new TaskFolderError(`${file}: each dbrp needs "db" and "rp" strings`);
  const dbrp = { db, rp };
  try {
    checkDbrp(dbrp);
  } catch (error) {
    throw new TaskFolderError(`${file}: ${(error as Error).message}`);
  }
  return dbrp;
}

/** An RFC 3339 time as Go writes it: date, `T`, time with optional fraction, `Z` or an offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function readTime(file: string, fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || !RFC3339.test(value)) throw new TaskFolderError(`${file}: "${key}" must be an RFC 3339 time`);
  return value;
}
