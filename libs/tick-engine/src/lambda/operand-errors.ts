import type { Position } from '@vigil/tick-lang';
import type { LambdaError } from './compiled-lambda';
import type { CompiledNode } from './compiled-node';
import { lambdaError } from './lambda-failure';
import { MISSING_TYPE, typeName, type TypeCode } from './value-type';

/** The messages of operator errors, kept in one place so that every path words them alike. */

/** A reference that is neither a field nor a tag reached an operator or function. */
export function missingError(operand: CompiledNode): LambdaError {
  return lambdaError(`${operand.text} is missing: no field or tag of that name on the point`, operand.position);
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
