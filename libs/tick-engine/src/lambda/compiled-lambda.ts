import type { Point } from '@vigil/core';

/**
 * Contract between lambda compilation and the nodes that run lambdas.
 *
 * Values inside a lambda follow Kapacitor's dynamic typing: int is bigint, float is number,
 * plus strings, bools, durations, times and regexes. A field or tag that is absent is "missing",
 * which is an error for every operator and function except isPresent().
 */
export class DurationValue {
  constructor(readonly ns: bigint) {}
}

/** A point time as seen inside a lambda (Kapacitor converts it to the host's local zone). */
export class TimeValue {
  constructor(readonly ns: bigint) {}
}

export type LambdaValue = number | bigint | string | boolean | DurationValue | TimeValue | RegExp;

/** An evaluation error; nodes decide what it means (drop the point, count as false, ...). */
export class LambdaError extends Error {
  override readonly name = 'LambdaError';
}

/**
 * One evaluation instance of a lambda. Stateful functions (sigma, count, spread) keep their
 * state here; nodes create one instance per group or one shared instance as Kapacitor does.
 */
export interface LambdaInstance {
  /** Evaluates against the point's fields and tags; throws LambdaError. */
  evaluate(point: Point): LambdaValue;
  /** Evaluates a predicate; throws LambdaError when the result is not a bool or on error. */
  evaluateBool(point: Point): boolean;
  snapshot(): unknown;
  restore(state: unknown): void;
}

export interface CompiledLambda {
  /** The lambda as TICKscript text, for logs and DOT output. */
  readonly source: string;
  /** Field and tag names the lambda reads. */
  readonly references: readonly string[];
  newInstance(): LambdaInstance;
}
