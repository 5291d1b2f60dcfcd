import type { TaskVars } from '@vigil/evaluation';
import { pipelineToDot, type Pipeline } from '@vigil/tick-lang';
import type { TaskListField } from '../http/task-list-query';
import { EMPTY_TASK_RECORD, type KapacitorTask, type TaskDbrp, type TaskStatus } from './kapacitor-task';
import { compileStoredTask } from './stored-task-pipeline';

/** Kapacitor's `client.ExecutionStats`; its Go maps are left out of the JSON when empty. */
export interface TaskStats {
  readonly 'task-stats'?: Readonly<Record<string, number>>;
  readonly 'node-stats'?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Kapacitor's task object (`client.Task`), as GET, POST and PATCH of a task answer it. */
export interface TaskObject {
  readonly link: { readonly rel: 'self'; readonly href: string };
  readonly id: string;
  readonly 'template-id': string;
  readonly type: 'stream' | 'batch';
  readonly dbrps: readonly TaskDbrp[];
  readonly script: string;
  readonly vars: TaskVars;
  readonly dot: string;
  readonly status: TaskStatus;
  readonly executing: boolean;
  /** Why the stored task no longer compiles (`line:column: message`); empty for one that does. */
  readonly error: string;
  readonly stats: TaskStats;
  readonly created: string;
  readonly modified: string;
  readonly 'last-enabled': string;
}

/**
 * The task as Kapacitor shows it: the script as the user wrote it, the dbrps of the script or of
 * the request, the times of its record (zero for a task that predates records), and the
 * pipeline's DOT. The script is always the written text: vigil has no TICKscript formatter yet,
 * and Kapacitor too returns the raw script when formatting fails, so `script-format` changes
 * nothing. The DOT carries no statistics, whatever `dot-view` asks. A stored task that no longer
 * compiles shows as Kapacitor shows one: its `error`, an empty DOT, not executing, its status as
 * stored (the evaluators leave it out).
 */
export function taskObject(task: KapacitorTask): TaskObject {
  const compiled = compileStoredTask(task);
  const { pipeline } = compiled;
  const record = task.record ?? EMPTY_TASK_RECORD;
  const executing = pipeline !== undefined && task.status === 'enabled';
  return {
    link: taskLink(task.name),
    id: task.name,
    'template-id': record.templateId ?? '',
    type: pipeline ? taskTypeOf(pipeline) : compiled.type,
    dbrps: pipeline ? pipeline.dbrps.map((dbrp) => ({ db: dbrp.database, rp: dbrp.retentionPolicy })) : compiled.dbrps,
    script: task.script,
    vars: task.vars ?? {},
    dot: pipeline ? pipelineToDot(pipeline, task.name) : '',
    status: task.status,
    executing,
    error: pipeline ? '' : compiled.error,
    stats: executing ? executingStats(pipeline) : {},
    created: record.created,
    modified: record.modified,
    'last-enabled': record.lastEnabled,
  };
}

/**
 * A task of the list with the fields asked for. Kapacitor's list leaves `stats` null for a task
 * that is not executing (its field value stays unset), where a single task shows `{}`.
 */
export function taskListEntry(task: KapacitorTask, fields: readonly TaskListField[]): Record<string, unknown> {
  const full: Record<TaskListField, unknown> = { ...taskObject(task) };
  if (!full.executing) full.stats = null;
  return Object.fromEntries(fields.map((field) => [field, full[field]]));
}

export function taskLink(id: string): TaskObject['link'] {
  return { rel: 'self', href: `/kapacitor/v1/tasks/${id}` };
}

/**
 * The statistics of an executing task in Kapacitor's shape: one entry per node, named as
 * Kapacitor names nodes (`stream0`, `from1`, ...). vigil does not count per node yet, so every
 * entry is empty and the task-wide throughput is left out (an empty Go map is omitted), rather
 * than claiming zeros.
 */
function executingStats(pipeline: Pipeline): TaskStats {
  return { 'node-stats': Object.fromEntries(pipeline.nodes.map((node) => [node.name, {}])) };
}

/** A task (or template) is a batch task when its pipeline has scheduled queries. */
export function taskTypeOf(pipeline: Pipeline): 'stream' | 'batch' {
  return pipeline.nodes.some((node) => node.type === 'query' || node.type === 'promQL') ? 'batch' : 'stream';
}
