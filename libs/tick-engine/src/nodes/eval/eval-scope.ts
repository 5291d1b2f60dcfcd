import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { DurationValue, LambdaError, type CompiledLambda, type LambdaInstance, type LambdaValue } from '../../lambda/compiled-lambda';

/**
 * The variables of one `eval` evaluation (Kapacitor's scope, filled by `fillScope`). Each lambda
 * reads the point's fields and tags first and then the results stored so far, so results are
 * visible to later lambdas. Kapacitor also writes every field or tag a lambda reads into that
 * scope, so when a result is named like a field and a later lambda reads that name, the stored
 * result is replaced by the field's value; `shadowed` lists, per lambda, the result names it
 * reads, the only ones where this can happen.
 */
export class EvalScope {
  private readonly variables = new Map<string, LambdaValue>();

  constructor(private readonly point: Point) {}

  evaluate(instance: LambdaInstance, shadowed: readonly string[]): LambdaValue {
    for (const name of shadowed) {
      const field = this.point.fields[name];
      if (field !== undefined) this.variables.set(name, field instanceof Unsigned ? field.value : field);
      else if (this.point.tags[name] !== undefined) this.variables.set(name, this.point.tags[name]);
    }
    return instance.evaluate(this.point, this.variables);
  }

  set(name: string, value: LambdaValue): void {
    this.variables.set(name, value);
  }

  has(name: string): boolean {
    return this.variables.has(name);
  }

  /** A stored value as a field value, or undefined. */
  field(name: string): FieldValue | undefined {
    const value = this.variables.get(name);
    return value === undefined ? undefined : fieldValueOf(value);
  }

  raw(name: string): LambdaValue | undefined {
    return this.variables.get(name);
  }
}

/** For each lambda, the result names (of any lambda) it references. */
export function shadowedNames(lambdas: readonly CompiledLambda[], as: readonly string[]): string[][] {
  const names = new Set(as);
  return lambdas.map((lambda) => lambda.references.filter((reference) => names.has(reference)));
}

/**
 * A lambda result as a field value. Durations become int nanoseconds (what Kapacitor writes for a
 * time.Duration field); times and regexes cannot be stored in a point.
 */
function fieldValueOf(value: LambdaValue): FieldValue {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof DurationValue) return value.ns;
  throw new LambdaError(`eval result of type ${value instanceof RegExp ? 'regex' : 'time'} cannot be stored in a point`);
}
