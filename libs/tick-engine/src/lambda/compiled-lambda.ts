import type { Point } from '@vigil/core';
import type { Position } from '@vigil/tick-lang';

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

/**
 * An evaluation error; nodes decide what it means (drop the point, count as false, ...).
 * Also thrown by compileLambda for lambdas that can never run (unknown function, bad literal
 * types), then with the offending position.
 */
export class LambdaError extends Error {
  override readonly name = 'LambdaError';

  constructor(
    message: string,
    /** Where in the script the failing expression starts, when known. */
    readonly position?: Position,
  ) {
    super(message);
  }
}

/**
 * Values visible to references that are neither a field nor a tag of the point. Kapacitor's
 * eval node uses this so that a later expression can read the result of an earlier one.
 */
export type LambdaScope = ReadonlyMap<string, LambdaValue>;

/**
 * One evaluation instance of a lambda. Stateful functions (sigma, count, spread) keep their
 * state here; nodes create one instance per group or one shared instance as Kapacitor does.
 */
export interface LambdaInstance {
  /** Evaluates against the point's fields and tags; throws LambdaError. */
  evaluate(point: Point, scope?: LambdaScope): LambdaValue;
  /** Evaluates a predicate; throws LambdaError when the result is not a bool or on error. */
  evaluateBool(point: Point, scope?: LambdaScope): boolean;
  /** The stateful functions' state as plain JSON (bigints as decimal strings); null when there is none. */
  snapshot(): unknown;
  /** Takes back a snapshot() value (null or undefined start afresh); throws on a malformed value. */
  restore(state: unknown): void;
}

export interface CompiledLambda {
  /** The lambda as TICKscript text, for logs and DOT output. */
  readonly source: string;
  /** Field and tag names the lambda reads. */
  readonly references: readonly string[];
  newInstance(): LambdaInstance;
}
