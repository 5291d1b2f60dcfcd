import type { Program } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { START_POSITION } from '../diagnostics/source-position';
import { parseCollectingErrors } from '../parser/parser';
import type { Dbrp, Pipeline } from '../pipeline';
import { Evaluator } from './evaluator';
import type { TaskVar } from './task-vars';
import { inferTaskType, type TaskType } from './task-type';
import type { UdfSignature } from '../catalog/udf-node.catalog';
import { declaredUdfSignatures } from './udf-declarations';

export interface CompileOptions {
  /** Task vars, as `kapacitor define -vars` takes them: `{"limit": {"type": "int", "value": 10}}`. */
  readonly vars?: Readonly<Record<string, TaskVar>>;
  /** Database/retention-policy pairs given at define time, added to the script's `dbrp` lines. */
  readonly dbrps?: readonly Dbrp[];
  /** `kapacitor define -type`; default: `batch` when the script starts from `batch`, else `stream`. */
  readonly type?: TaskType;
  /**
   * The user-defined functions the deployment declares (its UDF configuration, each function's
   * Info answer); `@name()` of any other name is refused. Default: those the process declared
   * (declareUdfSignatures), none unless a host declared some.
   */
  readonly udfs?: Readonly<Record<string, UdfSignature>>;
}

export interface CompiledTask {
  readonly pipeline: Pipeline;
  readonly program: Program;
}

/**
 * Compiles a stream TICKscript into the pipeline the engine runs. Throws the first problem (in
 * script order) as a TickScriptError; `checkTickScript` lists them all.
 */
export function compileTickScript(source: string, options: CompileOptions = {}): CompiledTask {
  const result = compile(source, options);
  const first = result.errors[0];
  if (first) throw first;
  if (!result.compiled) throw new Error('compilation produced neither a pipeline nor an error');
  return result.compiled;
}

/** Every problem found in a script, in script order; empty when the script compiles. */
export function checkTickScript(source: string, options: CompileOptions = {}): TickScriptError[] {
  return compile(source, options).errors;
}

function compile(source: string, options: CompileOptions): { compiled?: CompiledTask; errors: TickScriptError[] } {
  const parsed = parseCollectingErrors(source);
  if (parsed.errors.length > 0) return { errors: sortByPosition(parsed.errors) };
  const evaluator = new Evaluator(source, options.vars ?? {}, options.type ?? inferTaskType(parsed.program), options.udfs ?? declaredUdfSignatures());
  evaluator.evaluateProgram(parsed.program);
  const errors = [...evaluator.errors];
  if (evaluator.root.children.length === 0 && errors.length === 0) {
    const start = evaluator.taskType === 'batch' ? "a batch task starts with batch|query('SELECT ...')" : 'a stream task starts with stream|from()';
    errors.push(new TickScriptError(`the script builds no pipeline: ${start}`, START_POSITION, source));
  }
  const dbrps = mergeDbrps(evaluator.dbrps, options.dbrps ?? []);
  const pipeline = evaluator.builder.build(dbrps);
  for (const node of pipeline.nodes) {
    const spec = evaluator.builder.nodes[node.id]?.spec;
    for (const problem of spec?.validate?.(node) ?? []) errors.push(new TickScriptError(problem.message, problem.pos, source));
  }
  if (errors.length > 0) return { errors: sortByPosition(errors) };
  return { compiled: { pipeline, program: parsed.program }, errors: [] };
}

function mergeDbrps(fromScript: readonly Dbrp[], fromOptions: readonly Dbrp[]): Dbrp[] {
  const merged: Dbrp[] = [];
  for (const dbrp of [...fromScript, ...fromOptions]) {
    if (!merged.some((d) => d.database === dbrp.database && d.retentionPolicy === dbrp.retentionPolicy)) merged.push(dbrp);
  }
  return merged;
}

function sortByPosition(errors: readonly TickScriptError[]): TickScriptError[] {
  return [...errors].sort((a, b) => a.offset - b.offset);
}
