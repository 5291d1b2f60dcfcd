import type { BinaryOperator } from '../ast';
import type { TokenKind } from '../lexer/token';

/**
 * Binary operator precedence, lowest first, all left-associative (Kapacitor's
 * `tick/ast/parser.go`). Note that equality binds looser than ordering, so `"a" > 1 == TRUE` is
 * `("a" > 1) == TRUE`. Unary `-` and `!` apply to the following primary only.
 */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  OR: 0,
  AND: 1,
  '==': 2,
  '!=': 2,
  '=~': 2,
  '!~': 2,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
};

/** The precedence of a token used as a binary operator, or -1 when it is not one. */
export function binaryPrecedence(kind: TokenKind): number {
  return Object.prototype.hasOwnProperty.call(BINARY_PRECEDENCE, kind) ? BINARY_PRECEDENCE[kind as BinaryOperator] : -1;
}
