import type { Expr } from '../src/ast';
import { TickScriptError } from '../src/diagnostics/tick-script-error';
import type { Pipeline, PipelineNode, PropertyCall, TickValue } from '../src/pipeline';
import { compileTickScript, type CompileOptions } from '../src/compiler/compile-tick-script';

/** Shared by the compiler's spec files. */

export function compileError(source: string, options?: CompileOptions): TickScriptError {
  try {
    compileTickScript(source, options);
  } catch (error) {
    if (error instanceof TickScriptError) return error;
    throw error;
  }
  throw new Error('expected the script to be rejected');
}

export function node(pipeline: Pipeline, name: string): PipelineNode {
  const found = pipeline.nodes.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no node ${name} in ${pipeline.nodes.map((n) => n.name).join(', ')}`);
  return found;
}

/** `name(arg, ...)` for each property call, nested handler properties indented with `.`. */
export function describeCalls(calls: readonly PropertyCall[]): string[] {
  return calls.flatMap((call) => [
    `${call.name}(${call.args.map(describeTickValue).join(', ')})`,
    ...describeCalls(call.properties).map((inner) => `  .${inner}`),
  ]);
}

export function describeTickValue(value: TickValue): string {
  switch (value.type) {
    case 'int':
      return `${value.value}i`;
    case 'float':
      return `${value.value}f`;
    case 'string':
      return `'${value.value}'`;
    case 'bool':
      return value.value ? 'TRUE' : 'FALSE';
    case 'duration':
      return `${value.ns}ns`;
    case 'regex':
      return `/${value.pattern}/`;
    case 'star':
      return '*';
    case 'reference':
      return `"${value.name}"`;
    case 'list':
      return `[${value.items.map(describeTickValue).join(', ')}]`;
    case 'lambda':
      return 'lambda';
    case 'timeDimension':
      return `time(${value.length}ns, ${value.offset}ns)`;
  }
}

/** Every expression node inside the pipeline's lambdas. */
export function lambdaExprs(pipeline: Pipeline): Expr[] {
  const values = pipeline.nodes.flatMap((n) => [...n.args, ...allCalls(n.properties).flatMap((call) => call.args)]);
  return values.flatMap((value) => (value.type === 'lambda' ? walk(value.expr) : []));
}

function allCalls(calls: readonly PropertyCall[]): PropertyCall[] {
  return calls.flatMap((call) => [call, ...allCalls(call.properties)]);
}

function walk(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'Unary':
      return [expr, ...walk(expr.operand)];
    case 'Binary':
      return [expr, ...walk(expr.left), ...walk(expr.right)];
    case 'Call':
      return [expr, ...expr.args.flatMap(walk)];
    case 'Lambda':
      return [expr, ...walk(expr.body)];
    default:
      return [expr];
  }
}
