import type { Expr } from '../ast';

/**
 * The deepest expression node below `root` and its depth, computed without recursion so that a
 * pathological script cannot exhaust the stack here. Left-associative chains and operators nest
 * one level per link: `stream|from().a().b()` is 4 deep.
 */
export function deepestNode(root: Expr): { readonly expr: Expr; readonly depth: number } {
  let deepest = { expr: root, depth: 1 };
  const pending: { expr: Expr; depth: number }[] = [{ expr: root, depth: 1 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.depth > deepest.depth) deepest = item;
    for (const child of children(item.expr)) pending.push({ expr: child, depth: item.depth + 1 });
  }
  return deepest;
}

function children(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'List':
      return expr.items;
    case 'Lambda':
      return [expr.body];
    case 'Unary':
      return [expr.operand];
    case 'Binary':
      return [expr.left, expr.right];
    case 'Call':
      return expr.args;
    case 'Chain':
      return [expr.object, ...expr.args];
    default:
      return [];
  }
}
