import type { Position } from '@vigil/tick-lang';
import type { LambdaValue } from './compiled-lambda';
import type { StatefulFunction } from './functions/function-spec';
import type { TypeCode, Value } from './value-type';

/**
 * Everything one evaluation reads besides the compiled closures: the referenced values of the
 * current point (filled once per evaluation), the instance's stateful functions and the clock.
 */
export interface EvalContext {
  /** One value per referenced name, in the order of CompiledLambda.references. */
  readonly slots: Value[];
  /** The instance's stateful functions, by the index the compiler gave each function name. */
  readonly functions: readonly StatefulFunction[];
  /** Wall clock in ns, for now(). */
  readonly now: () => bigint;
}

export type Evaluator = (context: EvalContext) => Value;

/** The type an expression would produce on this point, found without evaluating it (Kapacitor's Type()). */
export type TypeProbe = (context: EvalContext) => TypeCode;

/** One expression of the lambda, turned into closures once at compile time. */
export interface CompiledNode {
  readonly evaluate: Evaluator;
  readonly probeType: TypeProbe;
  /**
   * The type when it cannot change from point to point (Kapacitor's constant node type), else
   * undefined. Comparisons and AND/OR are always bool; references and calls never are constant.
   */
  readonly staticType: TypeCode | undefined;
  /** True when evaluating may change the state of sigma(), count() or spread(). */
  readonly stateful: boolean;
  /** The literal value, for literals and folded constant expressions. */
  readonly constant?: LambdaValue;
  /** The slot read by a bare reference, for specialised comparisons. */
  readonly slot?: number;
  readonly position: Position;
  /** The expression as TICKscript text, for error messages. */
  readonly text: string;
}

export function constantProbe(type: TypeCode): TypeProbe {
  return () => type;
}
