import type { Dbrp } from '@vigil/tick-lang';
import type { TaskSource, TaskVars } from '@vigil/evaluation';

export type { TaskVars };

/** Kapacitor's task status: a disabled task keeps its definition but does not run. */
export type TaskStatus = 'enabled' | 'disabled';

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

/** The record of a task without one (a hand-placed `.tick`): no request dbrps and zero times. */
export const EMPTY_TASK_RECORD: TaskRecord = { dbrps: [], created: ZERO_TIME, modified: ZERO_TIME, lastEnabled: ZERO_TIME };

/**
 * A task as Kapacitor's task API knows it, whichever store keeps it (`vigil serve`'s data folder,
 * the distributed mode's tasks topic): the script exactly as written, the values its `var`
 * declarations take, its status, and its record. A task without a record (a `.tick` file put in
 * place by hand) declares its dbrps in its script.
 */
export interface KapacitorTask {
  readonly name: string;
  readonly script: string;
  readonly vars?: TaskVars;
  readonly status: TaskStatus;
  readonly record?: TaskRecord;
}

/** What the evaluator compiles of a task: its script, vars, and the record's dbrps beside the script. */
export function taskSourceOf(task: Omit<KapacitorTask, 'status'>): TaskSource {
  const dbrps: Dbrp[] = (task.record?.dbrps ?? []).map((dbrp) => ({ database: dbrp.db, retentionPolicy: dbrp.rp }));
  return { name: task.name, script: task.script, ...(task.vars === undefined ? {} : { vars: task.vars }), ...(dbrps.length === 0 ? {} : { dbrps }) };
}
