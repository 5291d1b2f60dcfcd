import type { BinaryOperator, Position } from '@vigil/tick-lang';
import { DurationValue } from './compiled-lambda';
import { floatToInt64, wrapInt64 } from './go/go-int64';
import { lambdaError } from './lambda-failure';
import { compareUtf8 } from './utf8-order';
import { BOOL, DURATION, FLOAT, INT, REGEX, STRING, TYPE_COUNT, type TypeCode, type Value } from './value-type';

/**
 * Kapacitor's binary operator table (tick/stateful/evaluation_funcs.go): for each operator,
 * which operand types combine and what they give. A combination absent from the table is an
 * evaluation error, notably int with float in arithmetic (comparisons convert the int to float).
 */

export interface BinaryRule {
  readonly result: TypeCode;
  /** Applies the operator to operands of the rule's types; throws LambdaError for division by zero. */
  readonly apply: (left: Value, right: Value, position: Position) => Value;
}

/** Rules of one operator, indexed by leftType * TYPE_COUNT + rightType. */
export type RuleRow = readonly (BinaryRule | undefined)[];

const rows = new Map<BinaryOperator, (BinaryRule | undefined)[]>();

function define(op: BinaryOperator, left: TypeCode, right: TypeCode, result: TypeCode, apply: BinaryRule['apply']): void {
  let row = rows.get(op);
  if (row === undefined) {
    row = new Array<BinaryRule | undefined>(TYPE_COUNT * TYPE_COUNT).fill(undefined);
    rows.set(op, row);
  }
  row[left * TYPE_COUNT + right] = { result, apply };
}

type Compare = (left: number | bigint | string, right: number | bigint | string) => boolean;

const ORDERINGS: readonly (readonly [BinaryOperator, Compare])[] = [
  ['<', (a, b) => a < b],
  ['<=', (a, b) => a <= b],
  ['>', (a, b) => a > b],
  ['>=', (a, b) => a >= b],
];
const EQUALITIES: readonly (readonly [BinaryOperator, Compare])[] = [
  ['==', (a, b) => a === b],
  ['!=', (a, b) => a !== b],
];
const COMPARISONS = [...EQUALITIES, ...ORDERINGS];

function zeroDivisor(position: Position): never {
  throw lambdaError('integer divide by zero', position);
}

const int = (value: Value): bigint => value as bigint;
const float = (value: Value): number => value as number;
const ns = (value: Value): bigint => (value as DurationValue).ns;
const duration = (value: bigint): DurationValue => new DurationValue(wrapInt64(value));

// Logical operators: the table only records that they want two bools; compile-binary evaluates
// them with short-circuit.
define('AND', BOOL, BOOL, BOOL, (a, b) => a === true && b === true);
define('OR', BOOL, BOOL, BOOL, (a, b) => a === true || b === true);
define('==', BOOL, BOOL, BOOL, (a, b) => a === b);
define('!=', BOOL, BOOL, BOOL, (a, b) => a !== b);

// Numbers. Mixed int/float comparisons convert the int to float64 first, as Go does.
for (const [op, compare] of COMPARISONS) {
  define(op, INT, INT, BOOL, (a, b) => compare(int(a), int(b)));
  define(op, FLOAT, FLOAT, BOOL, (a, b) => compare(float(a), float(b)));
  define(op, INT, FLOAT, BOOL, (a, b) => compare(Number(int(a)), float(b)));
  define(op, FLOAT, INT, BOOL, (a, b) => compare(float(a), Number(int(b))));
  define(op, DURATION, DURATION, BOOL, (a, b) => compare(ns(a), ns(b)));
}
define('+', INT, INT, INT, (a, b) => wrapInt64(int(a) + int(b)));
define('-', INT, INT, INT, (a, b) => wrapInt64(int(a) - int(b)));
define('*', INT, INT, INT, (a, b) => wrapInt64(int(a) * int(b)));
define('/', INT, INT, INT, (a, b, at) => (int(b) === 0n ? zeroDivisor(at) : wrapInt64(int(a) / int(b))));
define('%', INT, INT, INT, (a, b, at) => (int(b) === 0n ? zeroDivisor(at) : int(a) % int(b)));
define('+', FLOAT, FLOAT, FLOAT, (a, b) => float(a) + float(b));
define('-', FLOAT, FLOAT, FLOAT, (a, b) => float(a) - float(b));
define('*', FLOAT, FLOAT, FLOAT, (a, b) => float(a) * float(b));
define('/', FLOAT, FLOAT, FLOAT, (a, b) => float(a) / float(b));

// Strings: concatenation, byte-wise ordering (UTF-8 order, not UTF-16), regex search.
define('+', STRING, STRING, STRING, (a, b) => (a as string) + (b as string));
for (const [op, compare] of EQUALITIES) define(op, STRING, STRING, BOOL, (a, b) => compare(a as string, b as string));
for (const [op, compare] of ORDERINGS) define(op, STRING, STRING, BOOL, (a, b) => compare(compareUtf8(a as string, b as string), 0));
define('=~', STRING, REGEX, BOOL, (a, b) => (b as RegExp).test(a as string));
define('!~', STRING, REGEX, BOOL, (a, b) => !(b as RegExp).test(a as string));

// Durations: sums, scaling by numbers, and duration / duration giving an int ratio.
define('+', DURATION, DURATION, DURATION, (a, b) => duration(ns(a) + ns(b)));
define('-', DURATION, DURATION, DURATION, (a, b) => duration(ns(a) - ns(b)));
define('/', DURATION, DURATION, INT, (a, b, at) => (ns(b) === 0n ? zeroDivisor(at) : wrapInt64(ns(a) / ns(b))));
define('*', DURATION, INT, DURATION, (a, b) => duration(ns(a) * int(b)));
define('*', INT, DURATION, DURATION, (a, b) => duration(int(a) * ns(b)));
define('*', DURATION, FLOAT, DURATION, (a, b) => new DurationValue(floatToInt64(Number(ns(a)) * float(b))));
define('*', FLOAT, DURATION, DURATION, (a, b) => new DurationValue(floatToInt64(float(a) * Number(ns(b)))));
define('/', DURATION, INT, DURATION, (a, b, at) => (int(b) === 0n ? zeroDivisor(at) : duration(ns(a) / int(b))));
define('/', DURATION, FLOAT, DURATION, (a, b) => new DurationValue(floatToInt64(Number(ns(a)) / float(b))));

const EMPTY_ROW: RuleRow = new Array<BinaryRule | undefined>(TYPE_COUNT * TYPE_COUNT).fill(undefined);

export function rulesFor(op: BinaryOperator): RuleRow {
  return rows.get(op) ?? EMPTY_ROW;
}

/** Comparisons and AND/OR give a bool whatever their operands (Kapacitor's constant type). */
export function alwaysBool(op: BinaryOperator): boolean {
  return op !== '+' && op !== '-' && op !== '*' && op !== '/' && op !== '%';
}
