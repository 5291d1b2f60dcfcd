import type { Expr, Position } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { formatDurationLiteral } from '../lexer/literal-values';
import { describeValue, type EvalValue } from './eval-value';

/** Looks a variable up by name; throws when it is undefined. */
export type VariableLookup = (name: string, pos: Position) => EvalValue;

/**
 * Replaces every bare identifier in a lambda body by the literal value of the variable, as
 * Kapacitor does when it compiles a script (`tick/eval.go`: `resolveIdents`), so the engine sees
 * only literals, references, operators and function calls. A lambda variable is inlined.
 */
export function resolveLambdaBody(body: Expr, lookup: VariableLookup, source: string): Expr {
  const resolve = (expr: Expr): Expr => {
    switch (expr.kind) {
      case 'Identifier':
        return literalFor(expr.name, lookup(expr.name, expr.pos), expr.pos, source);
      case 'Unary':
        return { ...expr, operand: resolve(expr.operand) };
      case 'Binary':
        return { ...expr, left: resolve(expr.left), right: resolve(expr.right) };
      case 'Call':
        return { ...expr, args: expr.args.map(resolve) };
      default:
        return expr;
    }
  };
  return resolve(body);
}

function literalFor(name: string, value: EvalValue, pos: Position, source: string): Expr {
  switch (value.type) {
    case 'int':
      return { kind: 'Int', value: value.value, pos };
    case 'float':
      return { kind: 'Float', value: value.value, pos };
    case 'string':
      return { kind: 'String', value: value.value, pos };
    case 'bool':
      return { kind: 'Bool', value: value.value, pos };
    case 'duration':
      return { kind: 'Duration', ns: value.ns, literal: formatDurationLiteral(value.ns), pos };
    case 'regex':
      return { kind: 'Regex', pattern: value.pattern, pos };
    case 'lambda':
      return value.expr;
    default:
      throw new TickScriptError(`var ${name} holds a ${describeValue(value)}, which cannot be used inside a lambda`, pos, source);
  }
}
