import type { Position } from '@vigil/tick-lang';
import type { EvalContext } from '../compiled-node';
import { lambdaError } from '../lambda-failure';
import type { LambdaError } from '../compiled-lambda';
import type { TypeCode, Value } from '../value-type';

/** One accepted combination of argument types and the type it returns (Kapacitor's Signature()). */
export interface Signature {
  readonly args: readonly TypeCode[];
  readonly result: TypeCode;
}

/** The call being made, for error messages. */
export interface CallSite {
  readonly name: string;
  readonly position: Position;
}

/**
 * Runs a built-in on arguments whose types already match one of its signatures, so an
 * implementation may cast them. Throws LambdaError (see callFailure) for runtime errors.
 */
export type FunctionCall = (args: readonly Value[], context: EvalContext, site: CallSite) => Value;

/** The per-instance state of sigma(), count() and spread(). */
export interface StatefulFunction {
  call(args: readonly Value[], site: CallSite): Value;
  /** The state as plain JSON (bigints as strings, non-finite floats as strings). */
  snapshot(): unknown;
  /** Takes back a snapshot() value; throws Error when it is malformed. */
  restore(state: unknown): void;
}

interface FunctionSpecBase {
  readonly name: string;
  readonly signatures: readonly Signature[];
}

export interface StatelessFunctionSpec extends FunctionSpecBase {
  readonly kind: 'stateless';
  readonly call: FunctionCall;
}

export interface StatefulFunctionSpec extends FunctionSpecBase {
  readonly kind: 'stateful';
  readonly createState: () => StatefulFunction;
}

/** A built-in lambda function, declared as data and registered in builtin-functions.ts. */
export type FunctionSpec = StatelessFunctionSpec | StatefulFunctionSpec;

export function signature(args: readonly TypeCode[], result: TypeCode): Signature {
  return { args, result };
}

/** The same result type for each listed single argument type. */
export function unarySignatures(argTypes: readonly TypeCode[], result: TypeCode): readonly Signature[] {
  return argTypes.map((type) => signature([type], result));
}

/** Kapacitor wraps errors raised inside a function as `error calling "name": ...`. */
export function callFailure(site: CallSite, message: string): LambdaError {
  return lambdaError(`error calling "${site.name}": ${message}`, site.position);
}

export function stateless(name: string, signatures: readonly Signature[], call: FunctionCall): StatelessFunctionSpec {
  return { kind: 'stateless', name, signatures, call };
}
