import type { Position } from '@vigil/tick-lang';
import type { LambdaError } from './compiled-lambda';
import type { CompiledNode, EvalContext, Evaluator, TypeProbe } from './compiled-node';
import { BUILTIN_FUNCTIONS } from './functions/builtin-functions';
import type { CallSite, FunctionSpec, Signature, StatefulFunction } from './functions/function-spec';
import { lambdaError } from './lambda-failure';
import { missingError } from './operand-errors';
import { MISSING_TYPE, typeCode, typeName, type TypeCode, type Value } from './value-type';

/**
 * A call of a built-in function, following Kapacitor's EvalFunctionNode: every argument is
 * evaluated (no laziness, even in if()), the argument types must match one of the function's
 * signatures exactly, and then the function runs.
 *
 * Unknown names and argument counts no signature accepts are compile errors. Kapacitor checks
 * the argument types before evaluating any argument; that order matters only when an argument
 * calls a stateful function, so only then is it done up front.
 */

export interface CallTarget {
  readonly name: string;
  readonly position: Position;
  readonly text: string;
  readonly args: readonly CompiledNode[];
  /** Index of the function's state in EvalContext.functions, for stateful functions. */
  readonly stateIndex?: number;
}

/** Signature keys: three bits per argument type plus the argument count, no strings built. */
function signatureKey(types: readonly TypeCode[]): number {
  let key = types.length << 12;
  for (let index = 0; index < types.length; index++) key += (types[index] as number) << (3 * index);
  return key;
}

function signatureTable(signatures: readonly Signature[]): ReadonlyMap<number, TypeCode> {
  return new Map(signatures.map((entry) => [signatureKey(entry.args), entry.result]));
}

export function lookupFunction(name: string, position: Position): FunctionSpec {
  const spec = BUILTIN_FUNCTIONS.get(name);
  if (spec === undefined) throw lambdaError(`undefined function: "${name}"`, position);
  return spec;
}

export function compileCall(spec: FunctionSpec, target: CallTarget): CompiledNode {
  const { args, position } = target;
  const arities = [...new Set(spec.signatures.map((entry) => entry.args.length))];
  if (!arities.includes(args.length)) {
    throw lambdaError(`${spec.name}() takes ${arities.join(' or ')} argument(s), got ${args.length}`, position);
  }
  const table = signatureTable(spec.signatures);
  const site: CallSite = { name: spec.name, position };
  const signatureError = (types: readonly TypeCode[]): LambdaError => {
    const missing = types.findIndex((type) => type === MISSING_TYPE);
    const missingArgument = args[missing];
    if (missingArgument !== undefined) return missingError(missingArgument);
    const accepted = spec.signatures.map((entry) => `(${entry.args.map(typeName).join(',')})`).join(', ');
    return lambdaError(`cannot call function "${spec.name}" with args (${types.map(typeName).join(',')}), available signatures are [${accepted}]`, position);
  };
  const argumentTypes: TypeCode[] = new Array<TypeCode>(args.length).fill(MISSING_TYPE);
  const probeType: TypeProbe = (context) => {
    for (let index = 0; index < args.length; index++) argumentTypes[index] = (args[index] as CompiledNode).probeType(context);
    const result = table.get(signatureKey(argumentTypes));
    if (result === undefined) throw signatureError(argumentTypes);
    return result;
  };
  const invoke = invoker(spec, site, target.stateIndex);
  const evaluators: readonly Evaluator[] = args.map((arg) => arg.evaluate);
  // One buffer per call site is safe: evaluation is synchronous and a call never nests itself.
  const values: Value[] = new Array<Value>(args.length);
  const checkFirst = args.some((arg) => arg.stateful);
  const evaluate: Evaluator = (context) => {
    if (checkFirst) probeType(context);
    let key = args.length << 12;
    for (let index = 0; index < evaluators.length; index++) {
      const value = (evaluators[index] as Evaluator)(context);
      values[index] = value;
      key += typeCode(value) << (3 * index);
    }
    if (!table.has(key)) throw signatureError(values.map(typeCode));
    return invoke(values, context);
  };
  return {
    evaluate,
    probeType,
    staticType: undefined,
    stateful: spec.kind === 'stateful' || args.some((arg) => arg.stateful),
    position,
    text: target.text,
  };
}

function invoker(spec: FunctionSpec, site: CallSite, stateIndex: number | undefined): (values: readonly Value[], context: EvalContext) => Value {
  if (spec.kind === 'stateless') {
    const call = spec.call;
    return (values, context) => call(values, context, site);
  }
  const index = stateIndex ?? 0;
  return (values, context) => (context.functions[index] as StatefulFunction).call(values, site);
}
