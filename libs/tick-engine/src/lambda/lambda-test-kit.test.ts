/**
 * Test-only helpers for the lambda specs (the `.test.ts` suffix keeps this file out of the
 * library build and out of the vitest run; it holds no tests itself).
 */
import type { Fields, Point, Tags } from '@vigil/core';
import { parseLambdaExpression, type Expr, type Position } from '@vigil/tick-lang';
import { LambdaError, type CompiledLambda, type LambdaInstance, type LambdaValue } from './compiled-lambda';
import { compileLambda } from './compile-lambda';

export const AT: Position = { line: 1, column: 1, offset: 0 };

export function point(fields: Fields, tags: Tags = {}, time = 0n): Point {
  return { database: 'db', retentionPolicy: 'autogen', name: 'm', fields, tags, time };
}

export function compile(source: string, now: () => bigint = () => 0n): CompiledLambda {
  return compileLambda(parseLambdaExpression(source), { now });
}

export function instance(source: string, now?: () => bigint): LambdaInstance {
  return compile(source, now).newInstance();
}

/** Evaluates once on a fresh instance. */
export function run(source: string, fields: Fields = {}, tags: Tags = {}, time = 0n): LambdaValue {
  return instance(source).evaluate(point(fields, tags, time));
}

export function runBool(source: string, fields: Fields = {}, tags: Tags = {}): boolean {
  return instance(source).evaluateBool(point(fields, tags));
}

/** The LambdaError message of one evaluation, or a failure when it does not throw one. */
export function failure(source: string, fields: Fields = {}, tags: Tags = {}): string {
  try {
    instance(source).evaluate(point(fields, tags));
  } catch (error) {
    if (error instanceof LambdaError) return error.message;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

/** The LambdaError thrown while compiling, for compile-time checks. */
export function compileFailure(expr: Expr | string): LambdaError {
  try {
    compileLambda(typeof expr === 'string' ? parseLambdaExpression(expr) : expr, { now: () => 0n });
  } catch (error) {
    if (error instanceof LambdaError) return error;
    throw error;
  }
  throw new Error('expected compilation to fail');
}
