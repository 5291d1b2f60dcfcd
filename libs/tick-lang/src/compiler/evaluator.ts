import type { Expr, Position, Program, Statement } from '../ast';
import { nodeSpec } from '../catalog/node-catalog';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { Dbrp, TickValue } from '../pipeline';
import type { ArgumentValue } from './argument-check';
import { applyChainMethod } from './chain-calls';
import { foldBinary, foldUnary } from './constant-folding';
import { describeValue, isTickValue, type EvalValue, type NodeBuilder } from './eval-value';
import { resolveLambdaBody } from './lambda-resolver';
import { PipelineBuilder } from './pipeline-builder';
import { applyProperty } from './property-calls';
import { didYouMean } from './suggestions';
import { taskVarValue, varTypeOf, type TaskVar } from './task-vars';
import type { TaskType } from './task-type';
import { timeDimension } from './time-dimension';
import { applyUdf } from './udf-calls';
import type { UdfSignature } from '../catalog/udf-node.catalog';

/** Thrown when an expression uses a variable whose declaration already failed: reported once. */
class PoisonedVariable extends Error {}

interface Variable {
  /** Undefined when the declaration failed; uses are then skipped silently. */
  readonly value: EvalValue | undefined;
  readonly pos: Position;
}

/**
 * Evaluates a program statement by statement, as Kapacitor's `tick/eval.go` does: variables are
 * immutable, task vars override declared defaults, lambdas get their identifiers resolved and
 * chaining methods build the pipeline. Errors are collected: a failing statement is skipped, a
 * failing property call is skipped within its chain, so one pass can report several problems.
 */
export class Evaluator {
  readonly builder = new PipelineBuilder();
  readonly errors: TickScriptError[] = [];
  readonly dbrps: Dbrp[] = [];
  /** The task's source: `stream`, or `batch` in a batch task (node 0, as in Kapacitor). */
  readonly root: NodeBuilder;
  private readonly scope = new Map<string, Variable>();

  constructor(
    private readonly source: string,
    private readonly taskVars: Readonly<Record<string, TaskVar>>,
    readonly taskType: TaskType = 'stream',
    /** The user-defined functions the deployment declares: `@name()` may use only these. */
    private readonly udfs: Readonly<Record<string, UdfSignature>> = {},
  ) {
    this.root = this.builder.createRoot(nodeSpec(taskType), [], { line: 1, column: 1, offset: 0 });
  }

  evaluateProgram(program: Program): void {
    for (const statement of program.statements) {
      try {
        this.statement(statement);
      } catch (error) {
        if (!(error instanceof PoisonedVariable)) {
          if (!(error instanceof TickScriptError)) throw error;
          this.errors.push(error);
        }
        if (statement.kind === 'VarDecl' || statement.kind === 'TypeDecl') {
          if (!this.scope.has(statement.name)) this.scope.set(statement.name, { value: undefined, pos: statement.pos });
        }
      }
    }
  }

  private statement(statement: Statement): void {
    switch (statement.kind) {
      case 'Dbrp':
        if (!this.dbrps.some((d) => d.database === statement.database && d.retentionPolicy === statement.retentionPolicy)) {
          this.dbrps.push({ database: statement.database, retentionPolicy: statement.retentionPolicy });
        }
        return;
      case 'VarDecl':
        this.checkNotDefined(statement.name, statement.pos);
        return this.define(statement.name, this.expression(statement.value), statement.pos);
      case 'TypeDecl':
        this.checkNotDefined(statement.name, statement.pos);
        return this.declareTemplateVar(statement.name, statement.type, statement.pos);
      case 'ExprStatement':
        this.expression(statement.expr);
        return;
    }
  }

  private checkNotDefined(name: string, pos: Position): void {
    if (name === 'stream' || name === 'batch' || this.scope.has(name)) {
      throw this.error(`attempted to redefine ${name}: vars are immutable`, pos);
    }
  }

  /** `var x = value`: a task var of the same name and type replaces the value. */
  private define(name: string, value: EvalValue, pos: Position): void {
    const taskVar = this.taskVars[name];
    if (!taskVar) {
      this.scope.set(name, { value, pos });
      return;
    }
    const declared = varTypeOf(value);
    if (declared === undefined) throw this.error(`task var ${name} cannot replace ${describeValue(value)}`, pos);
    if (taskVar.type !== declared) throw this.error(`invalid type supplied for task var ${name}: got ${taskVar.type}, the script declares ${declared}`, pos);
    this.scope.set(name, { value: this.taskVarToValue(name, taskVar, pos), pos });
  }

  /** `var x int`: the value must come from a task var. */
  private declareTemplateVar(name: string, type: string, pos: Position): void {
    const taskVar = this.taskVars[name];
    if (!taskVar) {
      throw this.error(`missing value for var ${name}: supply a task var {"${name}": {"type": "${type}", "value": ...}}`, pos);
    }
    if (taskVar.type !== type) throw this.error(`invalid type supplied for task var ${name}: got ${taskVar.type}, the script declares ${type}`, pos);
    this.scope.set(name, { value: this.taskVarToValue(name, taskVar, pos), pos });
  }

  private taskVarToValue(name: string, taskVar: TaskVar, pos: Position): TickValue {
    const converted = taskVarValue(name, taskVar, pos, this.source);
    if (converted.type !== 'lambdaText') return converted;
    return { type: 'lambda', expr: resolveLambdaBody(converted.expr, (ident, identPos) => this.lookup(ident, identPos), this.source) };
  }

  expression(expr: Expr): EvalValue {
    switch (expr.kind) {
      case 'Identifier':
        return this.lookup(expr.name, expr.pos);
      case 'Int':
        return { type: 'int', value: expr.value };
      case 'Float':
        return { type: 'float', value: expr.value };
      case 'Duration':
        return { type: 'duration', ns: expr.ns };
      case 'String':
        return { type: 'string', value: expr.value };
      case 'Bool':
        return { type: 'bool', value: expr.value };
      case 'Reference':
        return { type: 'reference', name: expr.name };
      case 'Regex':
        return { type: 'regex', pattern: expr.pattern };
      case 'Star':
        return { type: 'star' };
      case 'List':
        return { type: 'list', items: expr.items.map((item) => this.listItem(item)) };
      case 'Lambda':
        return { type: 'lambda', expr: resolveLambdaBody(expr.body, (name, pos) => this.lookup(name, pos), this.source) };
      case 'Unary':
        return foldUnary(expr.op, this.operand(expr.operand), expr.pos, this.source);
      case 'Binary':
        return foldBinary(expr.op, this.operand(expr.left), this.operand(expr.right), expr.pos, this.source);
      case 'Call':
        if (expr.name === 'time') return timeDimension(expr, this.source, (arg) => this.operand(arg));
        throw this.error(`unknown function ${expr.name}: functions can only be called inside a lambda (lambda: ${expr.name}(...))`, expr.pos);
      case 'Chain':
        return this.chain(expr);
    }
  }

  private chain(expr: Extract<Expr, { kind: 'Chain' }>): EvalValue {
    const target = this.expression(expr.object);
    if (target.type !== 'node' && target.type !== 'handler') {
      throw this.error(`cannot call ${expr.operator}${expr.method}() on ${describeValue(target)}: only nodes have chaining methods and properties`, expr.pos);
    }
    if (expr.bare) {
      throw this.error(`property ${expr.method} must be called with parentheses: .${expr.method}()`, expr.pos);
    }
    const args = expr.args.map((arg): ArgumentValue => ({ value: this.expression(arg), pos: arg.pos }));
    if (expr.operator === '|') {
      return { type: 'node', node: applyChainMethod(this.builder, target, expr.method, args, expr.pos, this.source) };
    }
    if (expr.operator === '@') return { type: 'node', node: applyUdf(this.builder, target.node, expr.method, args, this.udfs, expr.pos, this.source) };
    try {
      return applyProperty(target, expr.method, args, expr.pos, this.source);
    } catch (error) {
      // A bad property is reported and skipped; the rest of the chain is still checked.
      if (!(error instanceof TickScriptError)) throw error;
      this.errors.push(error);
      return target;
    }
  }

  private listItem(item: Expr): TickValue {
    const value = this.expression(item);
    if (!isTickValue(value) || value.type === 'list') {
      throw this.error(`a list can only hold strings and *, not ${describeValue(value)}`, item.pos);
    }
    return value;
  }

  /** An operand of a compile-time operator: a literal value, not a node or a field reference. */
  private operand(expr: Expr): TickValue {
    const value = this.expression(expr);
    if (value.type === 'reference') {
      throw this.error(`the field reference "${value.name}" can only be used inside a lambda (lambda: "${value.name}" ...)`, expr.pos);
    }
    if (!isTickValue(value) || value.type === 'list' || value.type === 'lambda' || value.type === 'star') {
      throw this.error(`${describeValue(value)} cannot be used with an operator`, expr.pos);
    }
    return value;
  }

  private lookup(name: string, pos: Position): EvalValue {
    if (name === this.taskType) return { type: 'node', node: this.root };
    if (name === 'stream' || name === 'batch') {
      throw this.error(`undefined variable ${name}: this is a ${this.taskType} task, which starts from ${this.taskType}`, pos);
    }
    const variable = this.scope.get(name);
    if (variable) {
      if (variable.value === undefined) throw new PoisonedVariable(name);
      return variable.value;
    }
    if (name === 'true' || name === 'false') {
      throw this.error(`undefined variable ${name}: booleans are written ${name.toUpperCase()}`, pos);
    }
    const names = [this.taskType, ...this.scope.keys()];
    throw this.error(`undefined variable ${name}${didYouMean(name, names)}`, pos);
  }

  private error(message: string, pos: Position): TickScriptError {
    return new TickScriptError(message, pos, this.source);
  }
}
