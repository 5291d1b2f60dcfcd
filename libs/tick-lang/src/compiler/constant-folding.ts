import type { BinaryOperator, Position, UnaryOperator } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { TickValue } from '../pipeline';
import { describeValue } from './eval-value';

/**
 * Compile-time evaluation of operators outside lambdas (`var x = 5m * 2`), with the type rules of
 * Kapacitor's expression evaluator (`tick/stateful/evaluation_funcs.go`): no implicit int/float
 * arithmetic, durations scale by numbers, int64 wraps around as in Go.
 */

const wrap = (value: bigint): bigint => BigInt.asIntN(64, value);

export function foldUnary(op: UnaryOperator, operand: TickValue, pos: Position, source: string): TickValue {
  if (op === '!') {
    if (operand.type === 'bool') return { type: 'bool', value: !operand.value };
  } else if (operand.type === 'int') return { type: 'int', value: wrap(-operand.value) };
  else if (operand.type === 'float') return { type: 'float', value: -operand.value };
  else if (operand.type === 'duration') return { type: 'duration', ns: wrap(-operand.ns) };
  throw new TickScriptError(`invalid argument to unary ${op}: ${describeValue(operand)}`, pos, source);
}

export function foldBinary(op: BinaryOperator, left: TickValue, right: TickValue, pos: Position, source: string): TickValue {
  const result = fold(op, left, right);
  if (typeof result === 'string') throw new TickScriptError(result, pos, source);
  return result;
}

function fold(op: BinaryOperator, left: TickValue, right: TickValue): TickValue | string {
  const mismatch = `invalid operation: ${describeValue(left)} ${op} ${describeValue(right)}`;
  if (op === 'AND' || op === 'OR') {
    if (left.type !== 'bool' || right.type !== 'bool') return `${mismatch}: ${op} needs two bools`;
    return { type: 'bool', value: op === 'AND' ? left.value && right.value : left.value || right.value };
  }
  if (op === '=~' || op === '!~') return matchRegex(op, left, right, mismatch);
  const comparison = compare(left, right);
  if (isComparison(op)) {
    const orderingBools = left.type === 'bool' && op !== '==' && op !== '!=';
    if (comparison === undefined || orderingBools) return mismatch;
    return { type: 'bool', value: testComparison(op, comparison) };
  }
  return arithmetic(op, left, right) ?? `${mismatch}${numberHint(left, right)}`;
}

function isComparison(op: BinaryOperator): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

function testComparison(op: BinaryOperator, c: number): boolean {
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** -1, 0, 1, or undefined when the two values cannot be compared (NaN compares unequal). */
function compare(left: TickValue, right: TickValue): number | undefined {
  if (left.type === 'int' && right.type === 'int') return sign(left.value - right.value);
  if ((left.type === 'int' || left.type === 'float') && (right.type === 'int' || right.type === 'float')) {
    const a = Number(left.value);
    const b = Number(right.value);
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN;
  }
  if (left.type === 'string' && right.type === 'string') return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
  if (left.type === 'duration' && right.type === 'duration') return sign(left.ns - right.ns);
  if (left.type === 'bool' && right.type === 'bool') return left.value === right.value ? 0 : 1;
  return undefined;
}

function sign(value: bigint): number {
  return value < 0n ? -1 : value > 0n ? 1 : 0;
}

function arithmetic(op: BinaryOperator, left: TickValue, right: TickValue): TickValue | string | undefined {
  if (left.type === 'int' && right.type === 'int') return intArithmetic(op, left.value, right.value);
  if (left.type === 'float' && right.type === 'float') {
    if (op === '%') return undefined;
    return { type: 'float', value: floatArithmetic(op, left.value, right.value) };
  }
  if (left.type === 'string' && right.type === 'string' && op === '+') return { type: 'string', value: left.value + right.value };
  if (left.type === 'duration' && right.type === 'duration') {
    if (op === '+') return { type: 'duration', ns: wrap(left.ns + right.ns) };
    if (op === '-') return { type: 'duration', ns: wrap(left.ns - right.ns) };
    if (op === '/') return right.ns === 0n ? 'division by zero' : { type: 'int', value: left.ns / right.ns };
    return undefined;
  }
  if (left.type === 'duration' && (right.type === 'int' || right.type === 'float') && (op === '*' || op === '/')) {
    return scaleDuration(left.ns, right, op);
  }
  if ((left.type === 'int' || left.type === 'float') && right.type === 'duration' && op === '*') {
    return scaleDuration(right.ns, left, op);
  }
  return undefined;
}

function intArithmetic(op: BinaryOperator, a: bigint, b: bigint): TickValue | string | undefined {
  switch (op) {
    case '+':
      return { type: 'int', value: wrap(a + b) };
    case '-':
      return { type: 'int', value: wrap(a - b) };
    case '*':
      return { type: 'int', value: wrap(a * b) };
    case '/':
      return b === 0n ? 'division by zero' : { type: 'int', value: wrap(a / b) };
    case '%':
      return b === 0n ? 'division by zero' : { type: 'int', value: a % b };
    default:
      return undefined;
  }
}

function floatArithmetic(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a / b;
  }
}

function scaleDuration(ns: bigint, factor: TickValue, op: '*' | '/'): TickValue | string {
  if (factor.type === 'int') {
    if (op === '/' && factor.value === 0n) return 'division by zero';
    return { type: 'duration', ns: wrap(op === '*' ? ns * factor.value : ns / factor.value) };
  }
  if (factor.type !== 'float') return 'invalid duration factor';
  const scaled = op === '*' ? Number(ns) * factor.value : Number(ns) / factor.value;
  if (!Number.isFinite(scaled)) return 'duration out of range';
  return { type: 'duration', ns: wrap(BigInt(Math.trunc(scaled))) };
}

function matchRegex(op: '=~' | '!~', left: TickValue, right: TickValue, mismatch: string): TickValue | string {
  if (left.type !== 'string' || right.type !== 'regex') return `${mismatch}: ${op} needs a string and a regex`;
  let matched: boolean;
  try {
    matched = new RegExp(right.pattern, 'u').test(left.value);
  } catch {
    return `regex /${right.pattern}/ cannot be evaluated at compile time; use it inside a lambda`;
  }
  return { type: 'bool', value: op === '=~' ? matched : !matched };
}

function numberHint(left: TickValue, right: TickValue): string {
  const mixed = (left.type === 'int' && right.type === 'float') || (left.type === 'float' && right.type === 'int');
  return mixed ? ': int and float do not mix in arithmetic (write 2.0 instead of 2)' : '';
}
