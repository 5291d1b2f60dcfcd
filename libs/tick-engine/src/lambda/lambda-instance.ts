import type { Point } from '@vigil/core';
import type { LambdaInstance, LambdaScope, LambdaValue } from './compiled-lambda';
import type { CompiledNode, EvalContext } from './compiled-node';
import type { ScopeFiller } from './fill-scope';
import type { StatefulFunction, StatefulFunctionSpec } from './functions/function-spec';
import { lambdaError } from './lambda-failure';
import { missingError } from './operand-errors';
import { MISSING, typeCode, typeName, type Value } from './value-type';

/** What every instance of one compiled lambda shares: the closures and the reference layout. */
export interface LambdaPlan {
  readonly root: CompiledNode;
  readonly fill: ScopeFiller;
  readonly referenceCount: number;
  readonly statefulFunctions: readonly StatefulFunctionSpec[];
  readonly now: () => bigint;
}

/**
 * One evaluation instance: its own slots and its own stateful-function state. Evaluation does
 * not allocate beyond what the expression itself produces (a "time" value, a duration result).
 */
export class CompiledLambdaInstance implements LambdaInstance {
  private readonly context: EvalContext;
  private readonly functions: StatefulFunction[];
  /** Kapacitor type-checks an expression before evaluating it; only observable with stateful calls. */
  private readonly checkRootFirst: boolean;

  constructor(private readonly plan: LambdaPlan) {
    this.functions = plan.statefulFunctions.map((spec) => spec.createState());
    this.context = { slots: new Array<Value>(plan.referenceCount).fill(MISSING), functions: this.functions, now: plan.now };
    this.checkRootFirst = plan.root.stateful && plan.root.staticType === undefined;
  }

  evaluate(point: Point, scope?: LambdaScope): LambdaValue {
    this.plan.fill(point, this.context.slots, scope);
    if (this.checkRootFirst) this.plan.root.probeType(this.context);
    const value = this.plan.root.evaluate(this.context);
    if (value === MISSING) throw missingError(this.plan.root);
    return value;
  }

  evaluateBool(point: Point, scope?: LambdaScope): boolean {
    this.plan.fill(point, this.context.slots, scope);
    if (this.checkRootFirst) this.plan.root.probeType(this.context);
    const value = this.plan.root.evaluate(this.context);
    if (typeof value === 'boolean') return value;
    if (value === MISSING) throw missingError(this.plan.root);
    throw lambdaError(`expression returned unexpected type ${typeName(typeCode(value))}, expected bool`, this.plan.root.position);
  }

  /** `{ count: "12", sigma: {...} }` keyed by function name, or null for a lambda without state. */
  snapshot(): unknown {
    if (this.plan.statefulFunctions.length === 0) return null;
    const state: Record<string, unknown> = {};
    this.plan.statefulFunctions.forEach((spec, index) => {
      state[spec.name] = this.functions[index]?.snapshot();
    });
    return state;
  }

  /** All-or-nothing: a malformed state throws and leaves the instance as it was. */
  restore(state: unknown): void {
    const saved = state === null || state === undefined ? {} : state;
    if (typeof saved !== 'object' || Array.isArray(saved)) throw new Error(`invalid lambda state: ${JSON.stringify(state)}`);
    const entries = saved as Readonly<Record<string, unknown>>;
    const restored = this.plan.statefulFunctions.map((spec) => {
      const fresh = spec.createState();
      const entry = entries[spec.name];
      if (entry !== undefined) fresh.restore(entry);
      return fresh;
    });
    restored.forEach((fresh, index) => {
      this.functions[index] = fresh;
    });
  }
}
