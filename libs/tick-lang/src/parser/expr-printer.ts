import type { Expr } from '../ast';

/**
 * A compact, fully parenthesised rendering of an expression, e.g. `(OR (> "a" 1) (> "b" 2))`.
 * Used by tests and debugging output to show how an expression was grouped.
 */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Identifier':
      return expr.name;
    case 'Int':
      return String(expr.value);
    case 'Float':
      return Number.isInteger(expr.value) ? `${expr.value}.0` : String(expr.value);
    case 'Duration':
      return expr.literal;
    case 'String':
      return `'${expr.value}'`;
    case 'Bool':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'Reference':
      return `"${expr.name}"`;
    case 'Regex':
      return `/${expr.pattern}/`;
    case 'Star':
      return '*';
    case 'List':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'Lambda':
      return `(lambda ${printExpr(expr.body)})`;
    case 'Unary':
      return `(${expr.op} ${printExpr(expr.operand)})`;
    case 'Binary':
      return `(${expr.op} ${printExpr(expr.left)} ${printExpr(expr.right)})`;
    case 'Call':
      return `${expr.name}(${expr.args.map(printExpr).join(', ')})`;
    case 'Chain':
      return `${printExpr(expr.object)}${expr.operator}${expr.method}${expr.bare ? '' : `(${expr.args.map(printExpr).join(', ')})`}`;
  }
}
