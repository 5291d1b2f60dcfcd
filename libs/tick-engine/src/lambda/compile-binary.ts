import type { BinaryOperator, Position } from '@vigil/tick-lang';
import { alwaysBool, rulesFor, type RuleRow } from './binary-rules';
import { constantProbe, type CompiledNode, type EvalContext, type Evaluator } from './compiled-node';
import { foldConstant } from './fold-constant';
import { binaryTypeError } from './operand-errors';
import { specialisedComparison } from './specialised-comparisons';
import { BOOL, TYPE_COUNT, typeCode, type TypeCode, type Value } from './value-type';

/**
 * Binary operators, following Kapacitor's EvalBinaryNode:
 *
 * - When both operand types are fixed at compile time, an impossible combination is a compile
 *   error (`'a' > 1`), as Kapacitor refuses such a task.
 * - Otherwise types are checked per point. Kapacitor checks both operands' types *before*
 *   evaluating either; that order is only observable when an operand calls a stateful function
 *   (`count() > "missing"` must not count), so only then is the check done up front, and the
 *   common case evaluates first and checks the values it got.
 * - AND/OR short-circuit, but when an operand's type is not fixed they first check that both
 *   operands are bools: a bare missing reference fails even where the other side would decide
 *   (`TRUE OR "absent"` errors, `TRUE OR "absent" > 1` is true).
 */
export function compileBinary(op: BinaryOperator, left: CompiledNode, right: CompiledNode, position: Position, text: string): CompiledNode {
  if (op === 'AND' || op === 'OR') return compileLogical(op, left, right, position, text);
  const rules = rulesFor(op);
  const typeError = (leftType: TypeCode, rightType: TypeCode) => binaryTypeError(op, left, leftType, right, rightType, position);
  let staticType: TypeCode | undefined = alwaysBool(op) ? BOOL : undefined;
  if (left.staticType !== undefined && right.staticType !== undefined) {
    const rule = rules[left.staticType * TYPE_COUNT + right.staticType];
    if (rule === undefined) throw typeError(left.staticType, right.staticType);
    staticType = rule.result;
  }
  const checkOperands = (context: EvalContext): TypeCode => {
    const leftType = left.probeType(context);
    const rightType = right.probeType(context);
    const rule = rules[leftType * TYPE_COUNT + rightType];
    if (rule === undefined) throw typeError(leftType, rightType);
    return rule.result;
  };
  const fail = (a: Value, b: Value) => typeError(typeCode(a), typeCode(b));
  let evaluate = specialisedComparison(op, left, right, fail) ?? evaluateWithRules(rules, left, right, position, fail);
  const dynamic = left.staticType === undefined || right.staticType === undefined;
  if (dynamic && (left.stateful || right.stateful)) {
    const unchecked = evaluate;
    evaluate = (context) => {
      checkOperands(context);
      return unchecked(context);
    };
  }
  return foldConstant({
    evaluate,
    probeType: staticType === undefined ? checkOperands : constantProbe(staticType),
    staticType,
    stateful: left.stateful || right.stateful,
    position,
    text,
  }, [left, right]);
}

function evaluateWithRules(rules: RuleRow, left: CompiledNode, right: CompiledNode, position: Position, fail: (a: Value, b: Value) => Error): Evaluator {
  const evaluateLeft = left.evaluate;
  const evaluateRight = right.evaluate;
  return (context) => {
    const a = evaluateLeft(context);
    const b = evaluateRight(context);
    const rule = rules[typeCode(a) * TYPE_COUNT + typeCode(b)];
    if (rule === undefined) throw fail(a, b);
    return rule.apply(a, b, position);
  };
}

function compileLogical(op: 'AND' | 'OR', left: CompiledNode, right: CompiledNode, position: Position, text: string): CompiledNode {
  if (left.staticType !== undefined && right.staticType !== undefined && (left.staticType !== BOOL || right.staticType !== BOOL)) {
    throw binaryTypeError(op, left, left.staticType, right, right.staticType, position);
  }
  const evaluateLeft = left.evaluate;
  const evaluateRight = right.evaluate;
  const shortCircuit: Evaluator =
    op === 'AND'
      ? (context) => evaluateLeft(context) === true && evaluateRight(context) === true
      : (context) => evaluateLeft(context) === true || evaluateRight(context) === true;
  const dynamic = left.staticType === undefined || right.staticType === undefined;
  const evaluate: Evaluator = dynamic
    ? (context) => {
        const leftType = left.probeType(context);
        const rightType = right.probeType(context);
        if (leftType !== BOOL || rightType !== BOOL) throw binaryTypeError(op, left, leftType, right, rightType, position);
        return shortCircuit(context);
      }
    : shortCircuit;
  return foldConstant({ evaluate, probeType: constantProbe(BOOL), staticType: BOOL, stateful: left.stateful || right.stateful, position, text }, [left, right]);
}
