import type { Point } from '@vigil/core';
import { LambdaError, type LambdaInstance } from '../../lambda/compiled-lambda';

/**
 * Test doubles for the alert node's specs: lambdas written as TypeScript predicates, and points.
 * Kept out of the package surface; only `*.spec.ts` files import it.
 */
export class PredicateLambda implements LambdaInstance {
  evaluations = 0;

  constructor(private readonly predicate: (point: Point) => boolean) {}

  evaluate(point: Point): boolean {
    return this.evaluateBool(point);
  }

  evaluateBool(point: Point): boolean {
    this.evaluations++;
    return this.predicate(point);
  }

  snapshot(): unknown {
    return { evaluations: this.evaluations };
  }

  restore(state: unknown): void {
    if (typeof state === 'object' && state !== null && 'evaluations' in state && typeof state.evaluations === 'number') {
      this.evaluations = state.evaluations;
    }
  }
}

/** A lambda over one numeric field that fails like Kapacitor when the field is missing. */
export function fieldLambda(field: string, test: (value: number) => boolean): PredicateLambda {
  return new PredicateLambda((point) => {
    const value = point.fields[field];
    if (value === undefined) throw new LambdaError(`no field or tag exists for ${field}`);
    return test(Number(value));
  });
}

export function testPoint(
  timeNs: bigint,
  fields: Point['fields'],
  tags: Point['tags'] = {},
  name = 'cpu',
): Point {
  return { database: 'vigil', retentionPolicy: 'autogen', name, tags, fields, time: timeNs };
}
