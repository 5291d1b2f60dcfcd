import type { Signature as DeclaredSignature, Expr, Position, PropertyCall, TickValue } from '@vigil/tick-lang';
import { describeValue } from '../../runtime/node-definition';

/** A definition error of an alert node, reported at the property call that caused it. */
export class AlertDefinitionError extends Error {
  override readonly name = 'AlertDefinitionError';

  constructor(
    readonly pos: Position,
    readonly reason: string,
  ) {
    super(`${pos.line}:${pos.column}: ${reason}`);
  }
}

/** Argument kinds of alert properties and handler options, as Kapacitor's Go signatures declare them. */
export type ArgumentType = 'string' | 'int' | 'float' | 'bool' | 'duration';

/** A JSON-compatible argument value (durations as integer nanoseconds). */
export type ScalarArgument = string | number | boolean;

/** The signature of a property method: fixed arguments, then optional ones, then a variadic tail. */
export interface Signature {
  readonly required: readonly ArgumentType[];
  readonly optional?: readonly ArgumentType[];
  readonly variadic?: ArgumentType;
}

export const NO_ARGUMENTS: Signature = { required: [] };

/** Checks a call's arity against a signature. */
export function checkArity(call: PropertyCall, signature: Signature, what: string): void {
  const min = signature.required.length;
  checkCount(call, min, signature.variadic ? Infinity : min + (signature.optional?.length ?? 0), what);
}

/** Checks a call's arity against its declaration in tick-lang's catalog. */
export function checkDeclaredArity(call: PropertyCall, declared: DeclaredSignature, what: string): void {
  const min = declared.args.filter((arg) => !arg.optional).length + (declared.rest?.min ?? 0);
  checkCount(call, min, declared.rest ? Infinity : declared.args.length, what);
}

function checkCount(call: PropertyCall, min: number, max: number, what: string): void {
  const count = call.args.length;
  if (count < min || count > max) {
    const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
    throw new AlertDefinitionError(call.pos, `${what} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${count}`);
  }
}

/** The type each argument of a call must have under a signature. */
export function argumentTypes(call: PropertyCall, signature: Signature): ArgumentType[] {
  return call.args.map((_, i) => {
    const fixed = [...signature.required, ...(signature.optional ?? [])];
    return fixed[i] ?? signature.variadic ?? 'string';
  });
}

/** Converts a TICKscript value to a JSON-compatible scalar of the wanted type. */
export function scalarArgument(value: TickValue, type: ArgumentType, call: PropertyCall, what: string): ScalarArgument {
  switch (type) {
    case 'string':
      return stringValue(value, call, what);
    case 'bool':
      if (value.type === 'bool') return value.value;
      break;
    case 'int':
      if (value.type === 'int') return safeNumber(value.value, call, what);
      break;
    case 'float':
      // Kapacitor converts an int literal where a float64 is expected (`.flapping(0, 1)`).
      if (value.type === 'float') return value.value;
      if (value.type === 'int') return safeNumber(value.value, call, what);
      break;
    case 'duration':
      if (value.type === 'duration') return safeNumber(value.ns, call, what);
      break;
  }
  throw new AlertDefinitionError(call.pos, `${what} wants a ${type} argument, got ${describeValue(value)}`);
}

export function stringValue(value: TickValue, call: PropertyCall, what: string): string {
  if (value.type === 'string') return value.value;
  if (value.type === 'reference') {
    throw new AlertDefinitionError(
      call.pos,
      `${what} wants a string, got the reference "${value.name}": did you use double quotes instead of single quotes?`,
    );
  }
  throw new AlertDefinitionError(call.pos, `${what} wants a string argument, got ${describeValue(value)}`);
}

export function lambdaValue(value: TickValue | undefined, call: PropertyCall, what: string): Expr {
  if (value?.type === 'lambda') return value.expr;
  throw new AlertDefinitionError(call.pos, `${what} wants a lambda expression, got ${value ? describeValue(value) : 'nothing'}`);
}

export function durationValue(value: TickValue, call: PropertyCall, what: string): bigint {
  if (value.type === 'duration') return value.ns;
  throw new AlertDefinitionError(call.pos, `${what} wants a duration argument, got ${describeValue(value)}`);
}

function safeNumber(value: bigint, call: PropertyCall, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new AlertDefinitionError(call.pos, `${what}: ${value} is too large`);
  return number;
}
