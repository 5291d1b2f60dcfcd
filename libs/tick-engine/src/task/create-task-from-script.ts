import { compileTickScript, type CompileOptions } from '@vigil/tick-lang';
import { createTask, type Task, type TaskOptions } from './task';

export interface ScriptTaskOptions extends TaskOptions {
  /** Task vars, as `kapacitor define -vars` takes them. */
  readonly vars?: CompileOptions['vars'];
  /** Database/retention-policy pairs given at define time, added to the script's own. */
  readonly dbrps?: CompileOptions['dbrps'];
}

/** Compiles a TICKscript and builds its task; throws TickScriptError or TaskDefinitionError. */
export function createTaskFromScript(source: string, options: ScriptTaskOptions): Task {
  const { vars, dbrps, ...taskOptions } = options;
  const { pipeline } = compileTickScript(source, { ...(vars ? { vars } : {}), ...(dbrps ? { dbrps } : {}) });
  return createTask(pipeline, taskOptions);
}
