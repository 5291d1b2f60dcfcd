import type { Position, UnaryOperator } from '@vigil/tick-lang';
import { DurationValue } from './compiled-lambda';
import { constantProbe, type CompiledNode, type Evaluator } from './compiled-node';
import { foldConstant } from './fold-constant';
import { wrapInt64 } from './go/go-int64';
import { unaryTypeError } from './operand-errors';
import { BOOL, typeCode } from './value-type';

/**
 * `!x` wants a bool; `-x` negates an int (wrapping like Go's int64), a float or a duration.
 * As in Kapacitor, `!` always has type bool and `-` has its operand's type; a wrong operand is
 * an evaluation error, not a compile error.
 */
export function compileUnary(op: UnaryOperator, operand: CompiledNode, position: Position, text: string): CompiledNode {
  const evaluateOperand = operand.evaluate;
  if (op === '!') {
    const evaluate: Evaluator = (context) => {
      const value = evaluateOperand(context);
      if (typeof value === 'boolean') return !value;
      throw unaryTypeError(op, operand, typeCode(value), position);
    };
    return foldConstant({ evaluate, probeType: constantProbe(BOOL), staticType: BOOL, stateful: operand.stateful, position, text }, [operand]);
  }
  const evaluate: Evaluator = (context) => {
    const value = evaluateOperand(context);
    switch (typeof value) {
      case 'number':
        return -value;
      case 'bigint':
        return wrapInt64(-value);
    }
    if (value instanceof DurationValue) return new DurationValue(wrapInt64(-value.ns));
    throw unaryTypeError(op, operand, typeCode(value), position);
  };
  return foldConstant(
    { evaluate, probeType: operand.probeType, staticType: operand.staticType, stateful: operand.stateful, position, text },
    [operand],
  );
}
