import type { Position } from '../ast';
import type { ArgSpec, ArgType, Signature } from '../catalog/catalog-types';
import { formatSignature } from '../catalog/signature-format';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { TickValue } from '../pipeline';
import { describeValue, formatFloat, isTickValue, type EvalValue } from './eval-value';

/** An argument as written: its value and where it starts. */
export interface ArgumentValue {
  readonly value: EvalValue;
  readonly pos: Position;
}

/**
 * Checks a call's arguments against a catalog signature and returns them as literal values.
 * `callName` is how the call is shown in messages (`window.period`, `|stateCount`).
 */
export function checkArguments(signature: Signature, callName: string, args: readonly ArgumentValue[], callPos: Position, source: string): TickValue[] {
  const flat = flattenSingleList(args);
  checkCount(signature, callName, flat.length, callPos, source);
  return flat.map((argument, index) => {
    const spec = index < signature.args.length ? signature.args[index] : signature.rest;
    if (!spec) throw new Error('argument count was checked');
    return checkType(spec, callName, argument, source);
  });
}

/**
 * Kapacitor spreads a lone list argument into the argument list, so `.groupBy(['a', 'b'])`
 * and `var tags = ['a', 'b']` then `.groupBy(tags)` both work (`tick/eval.go`: `evalFunc`).
 */
function flattenSingleList(args: readonly ArgumentValue[]): ArgumentValue[] {
  const only = args.length === 1 ? args[0] : undefined;
  if (only && only.value.type === 'list') return only.value.items.map((value) => ({ value, pos: only.pos }));
  return [...args];
}

function checkCount(signature: Signature, callName: string, count: number, callPos: Position, source: string): void {
  const required = signature.args.filter((spec) => !spec.optional).length + (signature.rest?.min ?? 0);
  const maximum = signature.rest ? Infinity : signature.args.length;
  if (count >= required && count <= maximum) return;
  const expected =
    maximum === Infinity
      ? `at least ${required} argument${required === 1 ? '' : 's'}`
      : required === maximum
        ? `${required === 0 ? 'no' : required} argument${required === 1 ? '' : 's'}`
        : `${required} to ${maximum} arguments`;
  throw new TickScriptError(`${callName} takes ${expected}, got ${count}: ${callName}(${formatSignature(signature)})`, callPos, source);
}

function checkType(spec: ArgSpec, callName: string, argument: ArgumentValue, source: string): TickValue {
  const { value, pos } = argument;
  const wanted = spec.types.join(' or ');
  const fail = (message: string): never => {
    throw new TickScriptError(`${callName}: ${message}`, pos, source);
  };
  if (!isTickValue(value)) return fail(`argument ${spec.name} must be a ${wanted}, got ${describeValue(value)}`);
  if (value.type === 'reference' && spec.types.includes('string')) {
    return fail(`argument ${spec.name} must be a string, got the reference "${value.name}": did you use double quotes instead of single quotes?`);
  }
  if (!spec.types.includes(value.type as ArgType)) {
    const hint = value.type === 'int' && spec.types.includes('float') ? ` (write ${value.value}.0 for a float)` : '';
    return fail(`argument ${spec.name} must be a ${wanted}, got ${describeValue(value)}${hint}`);
  }
  if (spec.oneOf && value.type === 'string' && !matchesOneOf(spec, value.value)) {
    return fail(`argument ${spec.name} must be one of ${spec.oneOf.join(', ')}, got '${value.value}'`);
  }
  if (value.type === 'float' && !Number.isFinite(value.value)) return fail(`argument ${spec.name} must be finite, got ${formatFloat(value.value)}`);
  return value;
}

function matchesOneOf(spec: ArgSpec, text: string): boolean {
  const allowed = spec.oneOf ?? [];
  return spec.caseInsensitive ? allowed.some((option) => option.toUpperCase() === text.toUpperCase()) : allowed.includes(text);
}
