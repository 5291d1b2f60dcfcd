import type { Expr } from '@vigil/tick-lang';
import { DurationValue } from './compiled-lambda';
import type { CompiledNode } from './compiled-node';
import { compileBinary } from './compile-binary';
import { compileCall, lookupFunction } from './compile-call';
import { compileUnary } from './compile-unary';
import { constantNode } from './fold-constant';
import { formatExpr } from './format-expr';
import type { StatefulFunctionSpec } from './functions/function-spec';
import { lambdaError } from './lambda-failure';
import { compileRegexLiteral } from './regex/compile-regex';
import { typeCode, type Value } from './value-type';

/**
 * Turns a lambda's syntax tree into closures, once. It also assigns each referenced name a slot
 * (filled from the point before each evaluation) and each stateful function a state index.
 */
export class LambdaCompiler {
  /** Referenced names in first-use order; slot i holds the value of references[i]. */
  readonly references: string[] = [];
  /** Stateful functions in state-index order. */
  readonly statefulFunctions: StatefulFunctionSpec[] = [];
  private readonly slots = new Map<string, number>();
  private readonly stateIndexes = new Map<string, number>();

  compile(expr: Expr): CompiledNode {
    const text = formatExpr(expr);
    switch (expr.kind) {
      case 'Int':
        return constantNode(expr.value, expr.pos, text);
      case 'Float':
        return constantNode(expr.value, expr.pos, text);
      case 'Duration':
        return constantNode(new DurationValue(expr.ns), expr.pos, text);
      case 'String':
        return constantNode(expr.value, expr.pos, text);
      case 'Bool':
        return constantNode(expr.value, expr.pos, text);
      case 'Regex':
        return constantNode(compileRegexLiteral(expr.pattern, expr.pos), expr.pos, text);
      case 'Reference':
        return this.reference(expr.name, expr, text);
      case 'Lambda':
        return this.compile(expr.body);
      case 'Unary':
        return compileUnary(expr.op, this.compile(expr.operand), expr.pos, text);
      case 'Binary':
        return compileBinary(expr.op, this.compile(expr.left), this.compile(expr.right), expr.pos, text);
      case 'Call': {
        const spec = lookupFunction(expr.name, expr.pos);
        const args = expr.args.map((arg) => this.compile(arg));
        const stateIndex = spec.kind === 'stateful' ? this.stateIndexOf(spec) : undefined;
        return compileCall(spec, { name: expr.name, position: expr.pos, text, args, stateIndex });
      }
      case 'Identifier':
        throw lambdaError(`undefined variable ${expr.name}: variables must be resolved to their values before a lambda is compiled`, expr.pos);
      case 'Star':
        throw lambdaError('* is not a value inside a lambda', expr.pos);
      case 'List':
        throw lambdaError('a list is not a value inside a lambda', expr.pos);
      case 'Chain':
        throw lambdaError(`a ${expr.operator}${expr.method}() chain is not a value inside a lambda`, expr.pos);
    }
  }

  private reference(name: string, expr: Expr, text: string): CompiledNode {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.references.length;
      this.references.push(name);
      this.slots.set(name, slot);
    }
    const index = slot;
    return {
      evaluate: (context) => context.slots[index] as Value,
      probeType: (context) => typeCode(context.slots[index] as Value),
      staticType: undefined,
      stateful: false,
      slot: index,
      position: expr.pos,
      text,
    };
  }

  /** One state per function name and lambda instance, shared by all its call sites (as Kapacitor). */
  private stateIndexOf(spec: StatefulFunctionSpec): number {
    let index = this.stateIndexes.get(spec.name);
    if (index === undefined) {
      index = this.statefulFunctions.length;
      this.statefulFunctions.push(spec);
      this.stateIndexes.set(spec.name, index);
    }
    return index;
  }
}
