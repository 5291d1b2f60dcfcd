import { compileTickScript, parse, TickScriptError, type CompiledTask, type Expr, type Program, type VarType } from '@vigil/tick-lang';
import type { KapacitorTask } from '../tasks/kapacitor-task';
import { TaskChangeError } from '../tasks/task-change-error';
import type { KapacitorTemplate } from './kapacitor-template';

/**
 * A value for each type a template may declare without one (`var crit lambda`), so that the
 * template can be compiled and checked before any task gives its vars, as Kapacitor's
 * `NewTemplate` checks a template. Chosen to pass every property's own checks (a positive
 * duration, a non-empty string).
 */
const PLACEHOLDERS: Readonly<Record<VarType, { readonly type: VarType; readonly value: unknown }>> = {
  int: { type: 'int', value: 1 },
  float: { type: 'float', value: 1 },
  bool: { type: 'bool', value: true },
  string: { type: 'string', value: 'template' },
  regex: { type: 'regex', value: 'template' },
  duration: { type: 'duration', value: '1s' },
  lambda: { type: 'lambda', value: 'TRUE' },
  list: { type: 'list', value: [{ type: 'string', value: 'template' }] },
  star: { type: 'star', value: null },
};

/**
 * String placeholders for the arguments that vigil checks at definition and Kapacitor only when a
 * task starts (`batch|query(q)`, `.cron(c)`): a statement and a cron line that pass those checks.
 */
const STRING_PLACEHOLDERS: Readonly<Record<string, string>> = {
  query: 'SELECT "template" FROM "template"."template"."template"',
  promQL: 'template',
  cron: '* * * * *',
};

/**
 * Compiles a template with a placeholder for each var it declares without a value; a problem is
 * a TaskChangeError with the template's line and column, as a task's is.
 */
export function compileTemplate(template: Pick<KapacitorTemplate, 'id' | 'script'>): CompiledTask {
  try {
    const program = parse(template.script);
    const usedBy = methodsTaking(program.statements);
    const placeholder = (name: string, type: VarType): { readonly type: VarType; readonly value: unknown } => {
      const method = type === 'string' ? [...(usedBy.get(name) ?? [])].find((candidate) => candidate in STRING_PLACEHOLDERS) : undefined;
      return method === undefined ? PLACEHOLDERS[type] : { type, value: STRING_PLACEHOLDERS[method] };
    };
    const declared = program.statements.flatMap((statement) => (statement.kind === 'TypeDecl' ? [[statement.name, placeholder(statement.name, statement.type)] as const] : []));
    return compileTickScript(template.script, { vars: Object.fromEntries(declared) });
  } catch (error) {
    if (!(error instanceof TickScriptError)) throw error;
    throw new TaskChangeError(`template ${template.id}: ${error.line}:${error.column}: ${error.message}`);
  }
}

/** For each identifier, the chaining and property methods it is passed to as an argument. */
function methodsTaking(statements: Program['statements']): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const visit = (expr: Expr): void => {
    if (expr.kind === 'Chain') {
      for (const arg of expr.args) {
        if (arg.kind === 'Identifier') found.set(arg.name, (found.get(arg.name) ?? new Set()).add(expr.method));
      }
    }
    const children: readonly Expr[] =
      expr.kind === 'Chain' ? [expr.object, ...expr.args] : expr.kind === 'Unary' ? [expr.operand] : expr.kind === 'Binary' ? [expr.left, expr.right] : expr.kind === 'List' ? expr.items : expr.kind === 'Call' ? expr.args : [];
    children.forEach(visit);
  };
  for (const statement of statements) {
    if (statement.kind === 'VarDecl') visit(statement.value);
    if (statement.kind === 'ExprStatement') visit(statement.expr);
  }
  return found;
}

/** A template var as Kapacitor's `client.Var` shows it: a declaration without a value has a null value (`<required>`). */
export interface TemplateVar {
  readonly type: VarType;
  readonly value: unknown;
  readonly description: string;
}

/**
 * The vars a template declares, as Kapacitor's template API lists them: every `var x type`
 * (value null), and every `var x = literal` with its value. Vars that hold a pipeline node are
 * not task vars and are left out.
 */
export function templateVars(script: string): Readonly<Record<string, TemplateVar>> {
  const vars: Record<string, TemplateVar> = {};
  for (const statement of parse(script).statements) {
    if (statement.kind === 'TypeDecl') vars[statement.name] = { type: statement.type, value: null, description: '' };
    if (statement.kind === 'VarDecl') {
      const lineEnd = script.indexOf('\n', lastOffset(statement.value));
      const literal = literalVar(statement.value, script.slice(statement.value.pos.offset, lineEnd < 0 ? undefined : lineEnd));
      if (literal) vars[statement.name] = { ...literal, description: '' };
    }
  }
  return vars;
}

/** The offset of the last token of an expression, whose line ends it. */
function lastOffset(expr: Expr): number {
  const children: readonly Expr[] =
    expr.kind === 'Lambda' ? [expr.body] : expr.kind === 'Unary' ? [expr.operand] : expr.kind === 'Binary' ? [expr.left, expr.right] : expr.kind === 'List' ? expr.items : expr.kind === 'Call' ? expr.args : [];
  return Math.max(expr.pos.offset, ...children.map(lastOffset));
}

/** `text` is the value as written, to the end of its last line: for a lambda, its expression. */
function literalVar(value: Expr, text: string): Omit<TemplateVar, 'description'> | undefined {
  switch (value.kind) {
    case 'Int':
      return { type: 'int', value: Number(value.value) };
    case 'Float':
      return { type: 'float', value: value.value };
    case 'String':
      return { type: 'string', value: value.value };
    case 'Bool':
      return { type: 'bool', value: value.value };
    // Go's time.Duration is its nanoseconds in JSON.
    case 'Duration':
      return { type: 'duration', value: Number(value.ns) };
    case 'Regex':
      return { type: 'regex', value: value.pattern };
    case 'Lambda':
      return { type: 'lambda', value: text.replace(/^lambda\s*:/, '').trim() };
    default:
      return undefined;
  }
}

/**
 * A task of a template after the template changed, as Kapacitor's `updateAllAssociatedTasks`
 * makes it: the template's new script, and, when either script declares dbrps, the new script's
 * dbrps instead of the task's own (vigil keeps none beside a script that declares them). Vars,
 * status and times stay.
 */
export function retemplatedTask(task: KapacitorTask, before: string, after: string): KapacitorTask {
  const record = task.record;
  if (!record) return { ...task, script: after };
  const declaresDbrps = (script: string): boolean => parse(script).statements.some((statement) => statement.kind === 'Dbrp');
  const dbrps = declaresDbrps(before) || declaresDbrps(after) ? [] : record.dbrps;
  return { ...task, script: after, record: { ...record, dbrps } };
}
