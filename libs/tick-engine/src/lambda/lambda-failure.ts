import type { Position } from '@vigil/tick-lang';
import { LambdaError } from './compiled-lambda';

/**
 * Builds a LambdaError whose message starts with `line:column` when the position is known.
 *
 * Evaluation errors are ordinary events (a point without the field a lambda reads), so they
 * must be cheap: the stack trace, which nobody reads for these, is not captured.
 */
export function lambdaError(message: string, position?: Position): LambdaError {
  const text = position === undefined ? message : `${position.line}:${position.column}: ${message}`;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new LambdaError(text, position);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
