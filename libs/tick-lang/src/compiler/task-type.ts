import type { Expr, Program } from '../ast';

/** Kapacitor's two task types: the script starts from `stream` or from `batch`. */
export type TaskType = 'stream' | 'batch';

/**
 * The type of a task whose type was not given at definition: `batch` when the script uses the
 * `batch` variable and not `stream`. Kapacitor takes the type from `kapacitor define -type` and
 * only defines the matching variable (`pipeline/pipeline.go`: `CreatePipeline`); vigil reads it
 * from the script when it is not given, so that a script file alone says what it is.
 */
export function inferTaskType(program: Program): TaskType {
  const used = new Set<string>();
  for (const statement of program.statements) {
    if (statement.kind === 'VarDecl') collectSources(statement.value, used);
    if (statement.kind === 'ExprStatement') collectSources(statement.expr, used);
  }
  return used.has('batch') && !used.has('stream') ? 'batch' : 'stream';
}

function collectSources(expr: Expr, used: Set<string>): void {
  switch (expr.kind) {
    case 'Identifier':
      if (expr.name === 'stream' || expr.name === 'batch') used.add(expr.name);
      return;
    case 'Chain':
      collectSources(expr.object, used);
      for (const arg of expr.args) collectSources(arg, used);
      return;
    case 'Binary':
      collectSources(expr.left, used);
      collectSources(expr.right, used);
      return;
    case 'Unary':
      collectSources(expr.operand, used);
      return;
    case 'List':
    case 'Call':
      for (const item of expr.kind === 'List' ? expr.items : expr.args) collectSources(item, used);
      return;
    default:
      return;
  }
}
