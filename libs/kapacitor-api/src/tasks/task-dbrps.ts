import { parse } from '@vigil/tick-lang';
import { TaskRequestError } from '../http/task-request-error';
import type { TaskDbrp } from './kapacitor-task';

/**
 * The dbrps of a task request's `dbrps`; null or left out reads as none, as Go decodes it into
 * Kapacitor's `CreateTaskOptions.DBRPs`.
 */
export function readRequestDbrps(value: unknown): TaskDbrp[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TaskRequestError('dbrps must be a list of {"db": ..., "rp": ...}');
  return value.map((entry: unknown) => {
    const { db, rp } = (typeof entry === 'object' && entry !== null ? entry : {}) as { db?: unknown; rp?: unknown };
    if (typeof db !== 'string' || typeof rp !== 'string') throw new TaskRequestError('each dbrp needs "db" and "rp" strings');
    return { db, rp };
  });
}

/**
 * The `dbrp` statements of a script, or undefined when it does not parse: its error is then
 * answered, with its line and column, when the catalog compiles the task (Kapacitor also reports
 * a parse error before looking at dbrps).
 */
export function scriptDbrps(script: string): TaskDbrp[] | undefined {
  try {
    return parse(script).statements.flatMap((statement) => (statement.kind === 'Dbrp' ? [{ db: statement.database, rp: statement.retentionPolicy }] : []));
  } catch {
    return undefined;
  }
}

/**
 * The dbrps kept beside a new task's script, by the rules of Kapacitor's `handleCreateTask`
 * (`task_store/service.go`): a task needs dbrps, in its script or in the request, but not in
 * both; the script's own stay in the script.
 */
export function dbrpsOfCreate(script: readonly TaskDbrp[] | undefined, requested: readonly TaskDbrp[]): readonly TaskDbrp[] {
  if (script === undefined) return requested;
  if (script.length === 0 && requested.length === 0) throw new TaskRequestError('must specify dbrp');
  if (script.length > 0 && requested.length > 0) throw new TaskRequestError('cannot specify dbrp in both implicitly and explicitly');
  return requested;
}

/** What an update changes about dbrps; `written` and `before` are the new and the old script's. */
export interface DbrpUpdate {
  readonly scriptGiven: boolean;
  readonly before: readonly TaskDbrp[] | undefined;
  readonly written: readonly TaskDbrp[] | undefined;
  readonly requested: readonly TaskDbrp[];
  readonly kept: readonly TaskDbrp[];
}

/**
 * The dbrps kept beside an updated task's script, by the rules of Kapacitor's
 * `handleUpdateTask`: a new script may drop its dbrp statements only when the request gives
 * dbrps; a script with dbrps and request dbrps together are refused (with Kapacitor's wording
 * for an update, which lacks the "both" of a create); a script with dbrps replaces the kept
 * ones; request dbrps replace them; neither keeps them.
 */
export function dbrpsOfUpdate({ scriptGiven, before, written, requested, kept }: DbrpUpdate): readonly TaskDbrp[] {
  if (written === undefined) return requested.length > 0 ? requested : kept;
  if (scriptGiven && (before?.length ?? 0) > 0 && written.length === 0 && requested.length === 0) throw new TaskRequestError('must specify dbrp');
  if (written.length > 0 && requested.length > 0) throw new TaskRequestError('cannot specify dbrp in implicitly and explicitly');
  if (written.length > 0) return [];
  return requested.length > 0 ? requested : kept;
}
