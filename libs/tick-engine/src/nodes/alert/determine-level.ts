import { LEVELS, levelRank, type Level, type Point } from '@vigil/core';
import { LambdaError, type LambdaInstance } from '../../lambda/compiled-lambda';

/** The level lambdas of a node and their resets, each ONE instance shared by all groups. */
export interface LevelLambdas {
  readonly info?: LambdaInstance;
  readonly warn?: LambdaInstance;
  readonly crit?: LambdaInstance;
  readonly infoReset?: LambdaInstance;
  readonly warnReset?: LambdaInstance;
  readonly critReset?: LambdaInstance;
}

/** Called for every evaluation error, which the level logic then treats as Kapacitor does. */
export type LevelErrorReporter = (expression: string, level: Level, error: LambdaError) => void;

const LEVEL_KEYS = { INFO: 'info', WARNING: 'warn', CRITICAL: 'crit' } as const;
const RESET_KEYS = { INFO: 'infoReset', WARNING: 'warnReset', CRITICAL: 'critReset' } as const;

/**
 * The level of one point (`AlertNode.determineLevel`), given the level of the group's previous
 * point:
 *
 * 1. from CRITICAL down to max(current, INFO): the first true lambda wins (escalate or stay);
 * 2. if the current level has a reset and it evaluates to false, stay at the current level;
 * 3. from the current level down to INFO: the first true lambda wins (de-escalate);
 * 4. otherwise OK.
 *
 * A level lambda that errors counts as false (quirk 5: a missing field falls through to lower
 * levels). A reset that errors counts as passed. The current level's lambda can run twice for
 * one point (steps 1 and 3), which matters for stateful functions; Kapacitor does the same.
 */
export function determineLevel(point: Point, current: Level, lambdas: LevelLambdas, onError: LevelErrorReporter): Level {
  const currentRank = levelRank(current);
  const escalated = firstMatch(point, levelRank('CRITICAL'), Math.max(currentRank, 1), lambdas, onError);
  if (escalated) return escalated;
  if (current !== 'OK') {
    const reset = lambdas[RESET_KEYS[current]];
    if (reset && evaluate(reset, point, RESET_KEYS[current], current, onError) === false) return current;
  }
  return firstMatch(point, currentRank, 1, lambdas, onError) ?? 'OK';
}

function firstMatch(point: Point, from: number, to: number, lambdas: LevelLambdas, onError: LevelErrorReporter): Level | undefined {
  for (let rank = from; rank >= to; rank--) {
    const level = LEVELS[rank];
    if (level === undefined || level === 'OK') continue;
    const lambda = lambdas[LEVEL_KEYS[level]];
    if (lambda && evaluate(lambda, point, LEVEL_KEYS[level], level, onError) === true) return level;
  }
  return undefined;
}

/** true / false, or undefined when the lambda failed (already reported). */
function evaluate(lambda: LambdaInstance, point: Point, expression: string, level: Level, onError: LevelErrorReporter): boolean | undefined {
  try {
    return lambda.evaluateBool(point);
  } catch (error) {
    if (!(error instanceof LambdaError)) throw error;
    onError(expression, level, error);
    return undefined;
  }
}
