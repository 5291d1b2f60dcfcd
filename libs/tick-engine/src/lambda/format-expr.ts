import { BINARY_PRECEDENCE, type Expr } from '@vigil/tick-lang';

/**
 * Writes an expression back as TICKscript, with only the parentheses precedence requires, for
 * CompiledLambda.source and error messages.
 */

// The parser's own precedence table, so that what is printed parses back to the same tree.
const PRECEDENCE = BINARY_PRECEDENCE;

export function formatExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Identifier':
      return expr.name;
    case 'Int':
      return expr.value.toString();
    case 'Float':
      return formatFloatLiteral(expr.value);
    case 'Duration':
      return expr.literal;
    case 'String':
      return `'${expr.value.replace(/'/g, "\\'")}'`;
    case 'Bool':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'Reference':
      return `"${expr.name.replace(/"/g, '\\"')}"`;
    case 'Regex':
      return `/${expr.pattern.replace(/\//g, '\\/')}/`;
    case 'Star':
      return '*';
    case 'List':
      return `[${expr.items.map(formatExpr).join(', ')}]`;
    case 'Lambda':
      return `lambda: ${formatExpr(expr.body)}`;
    case 'Unary': {
      const operand = formatExpr(expr.operand);
      return expr.operand.kind === 'Binary' ? `${expr.op}(${operand})` : `${expr.op}${operand}`;
    }
    case 'Binary':
      return `${operand(expr.left, PRECEDENCE[expr.op], false)} ${expr.op} ${operand(expr.right, PRECEDENCE[expr.op], true)}`;
    case 'Call':
      return `${expr.name}(${expr.args.map(formatExpr).join(', ')})`;
    case 'Chain':
      return `${formatExpr(expr.object)}${expr.operator}${expr.method}(${expr.args.map(formatExpr).join(', ')})`;
  }
}

/** Operators are left-associative, so a right operand of equal precedence needs parentheses. */
function operand(expr: Expr, parent: number, right: boolean): string {
  const text = formatExpr(expr);
  if (expr.kind !== 'Binary') return text;
  const own = PRECEDENCE[expr.op];
  return own < parent || (right && own === parent) ? `(${text})` : text;
}

/** A float literal must keep its decimal point, or it would read back as an int. */
function formatFloatLiteral(value: number): string {
  const text = String(value);
  return /[.eEIN]/.test(text) ? text : `${text}.0`;
}
