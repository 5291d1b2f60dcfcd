import type { Position } from '@vigil/tick-lang';
import type { LambdaError } from './compiled-lambda';
import type { CompiledNode } from './compiled-node';
import { lambdaError } from './lambda-failure';
import { MISSING_TYPE, typeName, type TypeCode } from './value-type';

/** The messages of operator errors, kept in one place so that every path words them alike. */

const MISSING_ERRORS = new WeakMap<CompiledNode, LambdaError>();

/**
 * A reference that is neither a field nor a tag reached an operator or function. This is the
 * everyday error (a `where` on a field most points lack), and its message depends only on the
 * operand, so one error object per operand is built and thrown again each time.
 */
export function missingError(operand: CompiledNode): LambdaError {
  let error = MISSING_ERRORS.get(operand);
  if (error === undefined) {
    error = lambdaError(`${operand.text} is missing: no field or tag of that name on the point`, operand.position);
    MISSING_ERRORS.set(operand, error);
  }
  return error;
}

/** Kapacitor's wording, which also tells the user how to fix it. */
export function binaryTypeError(op: string, left: CompiledNode, leftType: TypeCode, right: CompiledNode, rightType: TypeCode, position: Position): LambdaError {
  if (leftType === MISSING_TYPE) return missingError(left);
  if (rightType === MISSING_TYPE) return missingError(right);
  return lambdaError(
    `mismatched type to binary operator. got ${typeName(leftType)} ${op} ${typeName(rightType)}. see bool(), int(), float(), string(), duration()`,
    position,
  );
}

export function unaryTypeError(op: string, operand: CompiledNode, operandType: TypeCode, position: Position): LambdaError {
  if (operandType === MISSING_TYPE) return missingError(operand);
  return lambdaError(`invalid unary operator ${op} for type ${typeName(operandType)}`, position);
}
