import type { Expr } from '@vigil/tick-lang';
import type { CompiledLambda } from './compiled-lambda';
import { createScopeFiller } from './fill-scope';
import { formatExpr } from './format-expr';
import { LambdaCompiler } from './lambda-compiler';
import { CompiledLambdaInstance, type LambdaPlan } from './lambda-instance';

export interface CompileLambdaOptions {
  /** Wall clock in ns since the epoch, read by now(); the engine never reads the process clock. */
  readonly now: () => bigint;
  /** The lambda's TICKscript text when the caller has it; otherwise it is written from the tree. */
  readonly source?: string;
}

/**
 * Compiles a lambda (the `Lambda` node or its body) into closures, once. Throws LambdaError,
 * with the offending position, for lambdas that can never run: unknown functions, argument
 * counts no signature accepts, operators whose literal operands can never combine, bad regexes,
 * identifiers left unresolved, and `*`, lists or chains used as values.
 */
export function compileLambda(expr: Expr, options: CompileLambdaOptions): CompiledLambda {
  const body = expr.kind === 'Lambda' ? expr.body : expr;
  const compiler = new LambdaCompiler();
  const root = compiler.compile(body);
  const references: readonly string[] = [...compiler.references];
  const plan: LambdaPlan = {
    root,
    fill: createScopeFiller(references),
    referenceCount: references.length,
    statefulFunctions: [...compiler.statefulFunctions],
    now: options.now,
  };
  return {
    source: options.source ?? `lambda: ${formatExpr(body)}`,
    references,
    newInstance: () => new CompiledLambdaInstance(plan),
  };
}
