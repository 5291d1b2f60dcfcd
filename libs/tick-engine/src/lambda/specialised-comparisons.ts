import type { BinaryOperator } from '@vigil/tick-lang';
import type { LambdaError, LambdaValue } from './compiled-lambda';
import type { CompiledNode, EvalContext, Evaluator } from './compiled-node';
import type { Value } from './value-type';

/**
 * Hand-written closures for the shape that dominates alerting lambdas: a field or tag compared
 * with a literal (`"sucesso" == 0`, `"usage" > 90.5`, `"state" != 'ok'`). They read the slot
 * directly and branch on the value's runtime type, so a field that is an int on one point and a
 * float on the next still compares the way Kapacitor does (int against float converts the int
 * to float64; int against int stays exact). Any other type falls through to `fail`.
 */

type Failure = (left: Value, right: Value) => LambdaError;

const MIRRORED: Partial<Record<BinaryOperator, BinaryOperator>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function specialisedComparison(op: BinaryOperator, left: CompiledNode, right: CompiledNode, fail: Failure): Evaluator | undefined {
  if (left.slot !== undefined && right.constant !== undefined) return referenceAgainst(op, left.slot, right.constant, fail);
  const mirrored = MIRRORED[op];
  if (right.slot !== undefined && left.constant !== undefined && mirrored !== undefined) {
    const constant = left.constant;
    return referenceAgainst(mirrored, right.slot, constant, (value) => fail(constant, value));
  }
  return undefined;
}

function referenceAgainst(op: BinaryOperator, slot: number, constant: LambdaValue, fail: Failure): Evaluator | undefined {
  if (typeof constant === 'bigint' || typeof constant === 'number') return numberComparison(op, slot, constant, fail);
  if (typeof constant === 'string') return stringEquality(op, slot, constant, fail);
  return undefined;
}

function read(context: EvalContext, slot: number): Value {
  return context.slots[slot] as Value;
}

function numberComparison(op: BinaryOperator, slot: number, constant: bigint | number, fail: Failure): Evaluator | undefined {
  const isInt = typeof constant === 'bigint';
  const asInt = isInt ? constant : 0n;
  const asFloat = Number(constant);
  switch (op) {
    case '==':
      return (context) => {
        const value = read(context, slot);
        if (typeof value === 'number') return value === asFloat;
        if (typeof value === 'bigint') return isInt ? value === asInt : Number(value) === asFloat;
        throw fail(value, constant);
      };
    case '!=':
      return (context) => {
        const value = read(context, slot);
        if (typeof value === 'number') return value !== asFloat;
        if (typeof value === 'bigint') return isInt ? value !== asInt : Number(value) !== asFloat;
        throw fail(value, constant);
      };
    case '<':
      return (context) => {
        const value = read(context, slot);
        if (typeof value === 'number') return value < asFloat;
        if (typeof value === 'bigint') return isInt ? value < asInt : Number(value) < asFloat;
        throw fail(value, constant);
      };
    case '<=':
      return (context) => {
        const value = read(context, slot);
        if (typeof value === 'number') return value <= asFloat;
        if (typeof value === 'bigint') return isInt ? value <= asInt : Number(value) <= asFloat;
        throw fail(value, constant);
      };
    case '>':
      return (context) => {
        const value = read(context, slot);
        if (typeof value === 'number') return value > asFloat;
        if (typeof value === 'bigint') return isInt ? value > asInt : Number(value) > asFloat;
        throw fail(value, constant);
      };
    case '>=':
      return (context) => {
        const value = read(context, slot);
        if (typeof value === 'number') return value >= asFloat;
        if (typeof value === 'bigint') return isInt ? value >= asInt : Number(value) >= asFloat;
        throw fail(value, constant);
      };
    default:
      return undefined;
  }
}

function stringEquality(op: BinaryOperator, slot: number, constant: string, fail: Failure): Evaluator | undefined {
  if (op === '==') {
    return (context) => {
      const value = read(context, slot);
      if (typeof value === 'string') return value === constant;
      throw fail(value, constant);
    };
  }
  if (op === '!=') {
    return (context) => {
      const value = read(context, slot);
      if (typeof value === 'string') return value !== constant;
      throw fail(value, constant);
    };
  }
  return undefined;
}
