import type { Expr, Position, VarType } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { decodeDuration } from '../lexer/literal-values';
import { parseLambdaExpression } from '../parser/parser';
import type { TickValue } from '../pipeline';

/** A task var as `kapacitor define -vars` takes it: `{"type": "int", "value": 10}`. */
export interface TaskVar {
  readonly type: string;
  readonly value: unknown;
}

const VAR_TYPES: readonly VarType[] = ['bool', 'duration', 'float', 'int', 'lambda', 'list', 'regex', 'star', 'string'];

/** The var type of a value, or undefined for values a task var cannot replace. */
export function varTypeOf(value: { readonly type: string }): VarType | undefined {
  return VAR_TYPES.find((type) => type === value.type);
}

/**
 * Converts a task var to a value of the script. Lambdas arrive as text and are parsed; their
 * identifiers are resolved by the caller. Errors are reported at the `var` declaration.
 */
export function taskVarValue(name: string, taskVar: TaskVar, pos: Position, source: string): TickValue | { type: 'lambdaText'; expr: Expr } {
  const fail = (reason: string): never => {
    throw new TickScriptError(`task var ${name}: ${reason}`, pos, source);
  };
  const { value } = taskVar;
  switch (taskVar.type) {
    case 'int':
      if (typeof value === 'bigint') return { type: 'int', value: BigInt.asIntN(64, value) };
      if (typeof value === 'number' && Number.isSafeInteger(value)) return { type: 'int', value: BigInt(value) };
      return fail(`an int needs an integer value, got ${JSON.stringify(String(value))}`);
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return { type: 'float', value };
      return fail(`a float needs a number value, got ${JSON.stringify(String(value))}`);
    case 'bool':
      if (typeof value === 'boolean') return { type: 'bool', value };
      return fail(`a bool needs true or false, got ${JSON.stringify(String(value))}`);
    case 'string':
      if (typeof value === 'string') return { type: 'string', value };
      return fail('a string needs a string value');
    case 'regex':
      if (typeof value === 'string') return { type: 'regex', pattern: value };
      return fail('a regex needs its pattern as a string');
    case 'duration':
      return { type: 'duration', ns: durationValue(value, fail) };
    case 'star':
      return { type: 'star' };
    case 'lambda':
      if (typeof value !== 'string') return fail('a lambda needs its expression as a string, e.g. "\\"value\\" > 10"');
      return { type: 'lambdaText', expr: parseTaskLambda(value, fail) };
    case 'list':
      return { type: 'list', items: listItems(value, fail) };
    default:
      return fail(`unknown type ${JSON.stringify(taskVar.type)}; expected one of ${VAR_TYPES.join(', ')}`);
  }
}

function durationValue(value: unknown, fail: (reason: string) => never): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string') {
    const decoded = decodeDuration(value);
    if (decoded.ok) return decoded.value;
    return fail(`invalid duration ${JSON.stringify(value)}; write e.g. "10s" or "5m"`);
  }
  return fail('a duration needs a string such as "10s" or a number of nanoseconds');
}

function parseTaskLambda(text: string, fail: (reason: string) => never): Expr {
  try {
    return parseLambdaExpression(text);
  } catch (error) {
    if (error instanceof TickScriptError) return fail(`invalid lambda ${JSON.stringify(text)}: ${error.column}: ${error.message}`);
    throw error;
  }
}

/** List items are strings or stars, given as `{"type": "string", "value": "host"}` or plain strings. */
function listItems(value: unknown, fail: (reason: string) => never): TickValue[] {
  if (!Array.isArray(value)) return fail('a list needs an array value');
  return value.map((item: unknown): TickValue => {
    if (typeof item === 'string') return { type: 'string', value: item };
    if (typeof item === 'object' && item !== null) {
      const entry = item as { type?: unknown; value?: unknown };
      if (entry.type === 'star') return { type: 'star' };
      if (entry.type === 'string' && typeof entry.value === 'string') return { type: 'string', value: entry.value };
    }
    return fail(`list items must be strings or stars, got ${JSON.stringify(item)}`);
  });
}
