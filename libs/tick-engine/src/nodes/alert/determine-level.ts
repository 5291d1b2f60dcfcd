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

const LEVEL_KEYS = ['', 'info', 'warn', 'crit'] as const;
const RESET_KEYS = ['', 'infoReset', 'warnReset', 'critReset'] as const;

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
  return LEVELS[new LevelRules(lambdas).rankOf(point, levelRank(current), onError)] as Level;
}

/**
 * determineLevel for a node: the lambdas laid out by level rank once, so that the per-point work
 * is a few array reads and the lambda calls. Ranks are 0 OK, 1 INFO, 2 WARNING, 3 CRITICAL.
 */
export class LevelRules {
  private readonly levels: (LambdaInstance | undefined)[];
  private readonly resets: (LambdaInstance | undefined)[];

  constructor(lambdas: LevelLambdas) {
    this.levels = LEVEL_KEYS.map((key) => (key === '' ? undefined : lambdas[key]));
    this.resets = RESET_KEYS.map((key) => (key === '' ? undefined : lambdas[key]));
  }

  /** The rank of the point's level given the rank of the group's current level. */
  rankOf(point: Point, current: number, onError: LevelErrorReporter): number {
    const escalated = this.firstMatch(point, 3, current > 1 ? current : 1, onError);
    if (escalated !== 0) return escalated;
    if (current !== 0) {
      const reset = this.resets[current];
      if (reset && evaluate(reset, point, RESET_KEYS[current] as string, LEVELS[current] as Level, onError) === false) return current;
    }
    return this.firstMatch(point, current, 1, onError);
  }

  /** The highest rank from `from` down to `to` whose lambda is true, or 0. */
  private firstMatch(point: Point, from: number, to: number, onError: LevelErrorReporter): number {
    for (let rank = from; rank >= to; rank--) {
      const lambda = this.levels[rank];
      if (lambda && evaluate(lambda, point, LEVEL_KEYS[rank] as string, LEVELS[rank] as Level, onError) === true) return rank;
    }
    return 0;
  }
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
