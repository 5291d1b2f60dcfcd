import { compileTickScript, inferTaskType, parse, TickScriptError, type Pipeline, type TaskType } from '@vigil/tick-lang';
import { EMPTY_TASK_RECORD, taskSourceOf, type KapacitorTask, type TaskDbrp } from './kapacitor-task';
import { scriptDbrps } from './task-dbrps';

/** A stored task that compiles: its pipeline. */
export interface CompiledStoredTask {
  readonly pipeline: Pipeline;
}

/**
 * A stored task that no longer compiles (after an upgrade, from a restored backup, or written by
 * an older vigil): why, and what can still be read of it without a pipeline.
 */
export interface BrokenStoredTask {
  readonly pipeline?: undefined;
  /** `line:column: message` for a problem of the script, the bare message otherwise. */
  readonly error: string;
  readonly type: TaskType;
  readonly dbrps: readonly TaskDbrp[];
}

/**
 * Compiles a stored task for the task API's views. Changes are checked before they are stored,
 * but a record can still fail later; Kapacitor then shows the task with its error and no DOT
 * (`convertTask` in `task_store/service.go`), so one such task must not fail a list or a show.
 */
export function compileStoredTask(task: KapacitorTask): CompiledStoredTask | BrokenStoredTask {
  const source = taskSourceOf(task);
  try {
    return { pipeline: compileTickScript(source.script, { vars: source.vars ?? {}, dbrps: source.dbrps ?? [] }).pipeline };
  } catch (error) {
    const reason = error instanceof TickScriptError ? `${error.line}:${error.column}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return { error: reason, type: typeOfScript(task.script), dbrps: dbrpsOfBroken(task) };
  }
}

/** The type as the script's sources say, or stream (the default) when it does not even parse. */
function typeOfScript(script: string): TaskType {
  try {
    return inferTaskType(parse(script));
  } catch {
    return 'stream';
  }
}

/** The script's own dbrp statements, when it parses, then the record's, without repeats. */
function dbrpsOfBroken(task: KapacitorTask): TaskDbrp[] {
  const all = [...(scriptDbrps(task.script) ?? []), ...(task.record ?? EMPTY_TASK_RECORD).dbrps];
  return all.filter((dbrp, index) => all.findIndex((other) => other.db === dbrp.db && other.rp === dbrp.rp) === index);
}
