import type { HandlerInstruction } from '@vigil/core';
import { validateTask } from '@vigil/tick-engine';
import { compileTickScript, TickScriptError, type Dbrp, type Pipeline } from '@vigil/tick-lang';
import type { PartitionKeys } from '@vigil/topic-contract';
import { placeTask, type TaskPlacement } from '../placement/task-placement';
import { alertHandlerCalls, httpPostNodeCalls, sideloadNodeCalls, type AlertHandlerCall } from './alert-handler-calls';
import { taskNameProblem } from './task-name';
import type { TaskVars } from './task-vars';

/** A task the evaluator runs: compiled once at boot, instantiated once per partition. */
export interface TaskDefinition {
  readonly name: string;
  readonly pipeline: Pipeline;
  readonly placement: TaskPlacement;
}

/**
 * A TICKscript as found in TASKS_DIR: the task name is the file name without `.tick`; `vars`
 * (from `<name>.vars.json`) replace the values of the script's `var` declarations, as
 * `kapacitor define -vars` does. `dbrps` are those given beside the script (Kapacitor's task
 * API `dbrps`, `kapacitor define -dbrp`); they are added to the script's own `dbrp` lines
 * without touching its text, so every error keeps the line and column the user wrote.
 */
export interface TaskSource {
  readonly name: string;
  readonly script: string;
  readonly vars?: TaskVars;
  readonly dbrps?: readonly Dbrp[];
}

/** Thrown at boot for a task that cannot run; names the task and the reason. */
export class TaskLoadError extends Error {
  constructor(
    readonly task: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`task ${task}: ${message}`, options);
    this.name = 'TaskLoadError';
  }
}

/**
 * Refuses a handler the deployment does not allow (a program outside exec.allow, ...) by
 * throwing an Error whose message says what to configure. The apps pass one built from the
 * handler configuration (`checkHandlerAllowed` of @vigil/alert-handlers).
 */
export type HandlerGuard = (instruction: HandlerInstruction) => void;

/**
 * Compiles and validates each script (as `kapacitor define` would) and decides its placement.
 * A script without `dbrp` lines would read every point; it is refused, since in Kapacitor a
 * stream task always has dbrps.
 */
export function defineTasks(sources: readonly TaskSource[], keys: PartitionKeys, guard?: HandlerGuard): TaskDefinition[] {
  const names = new Set<string>();
  return sources.map((source) => {
    const nameProblem = taskNameProblem(source.name);
    if (nameProblem !== undefined) throw new TaskLoadError(source.name, nameProblem);
    if (names.has(source.name)) throw new TaskLoadError(source.name, 'defined twice');
    names.add(source.name);
    let pipeline: Pipeline;
    try {
      pipeline = compileTickScript(source.script, { ...(source.vars === undefined ? {} : { vars: source.vars }), ...(source.dbrps === undefined ? {} : { dbrps: source.dbrps }) }).pipeline;
      // validateTask builds the task, which reads sideload directories: refuse one first.
      if (guard) guardCalls(source.name, sideloadNodeCalls(pipeline), guard);
      validateTask(pipeline, source.name);
    } catch (error) {
      if (error instanceof TaskLoadError) throw error;
      throw new TaskLoadError(source.name, error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (pipeline.dbrps.length === 0) throw new TaskLoadError(source.name, 'the script has no dbrp line, so it would read nothing (add e.g. dbrp "telegraf"."autogen")');
    if (guard) guardCalls(source.name, [...alertHandlerCalls(pipeline), ...httpPostNodeCalls(pipeline)], guard);
    return { name: source.name, pipeline, placement: placeTask(pipeline, keys) };
  });
}

/**
 * Runs the guard over calls of the task: every handler, every httpPost node as the post it makes,
 * every sideload node's directory. A refusal names the call's line and column, and carries a
 * positioned TickScriptError as its cause for callers that show the line.
 */
function guardCalls(task: string, calls: readonly AlertHandlerCall[], guard: HandlerGuard): void {
  for (const call of calls) {
    try {
      guard(call.instruction);
    } catch (error) {
      const reason = `${call.node}: ${error instanceof Error ? error.message : String(error)}`;
      throw new TaskLoadError(task, `${call.pos.line}:${call.pos.column}: ${reason}`, { cause: new TickScriptError(reason, call.pos) });
    }
  }
}
