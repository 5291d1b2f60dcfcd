import type { AlertEvent, Level } from '@vigil/core';
import { parseLambdaExpression, TickScriptError, type Expr } from '@vigil/tick-lang';
import { compileLambda, DurationValue, LambdaError, type LambdaInstance, type LambdaValue } from '../lambda';

/** Kapacitor's level numbers, which `level()` returns and `OK` ... `CRITICAL` stand for. */
const LEVEL_NUMBERS: Readonly<Record<Level, bigint>> = { OK: 0n, INFO: 1n, WARNING: 2n, CRITICAL: 3n };

/**
 * The functions a match expression may call (`services/alert/handlers.go`, `matchHandler.match`),
 * each read from the event. They are compiled as references to names no tag can have (a NUL
 * first), whose values the evaluation passes in its scope.
 */
const EVENT_FUNCTIONS: Readonly<Record<string, (event: AlertEvent) => LambdaValue>> = {
  changed: (event) => event.level !== event.previousLevel,
  level: (event) => LEVEL_NUMBERS[event.level],
  name: (event) => event.series[0]?.name ?? '',
  taskName: (event) => event.task,
  alertDuration: (event) => new DurationValue(event.duration),
};

const scopeName = (fn: string): string => `\u0000${fn}`;

/** A compiled `match`: true when the topic handler takes the event. */
export type TopicMatch = (event: AlertEvent) => boolean;

/** Thrown for a match expression that cannot compile; its message is Kapacitor's `invalid match expression: ...`. */
export class TopicMatchError extends Error {
  override readonly name = 'TopicMatchError';

  constructor(reason: string) {
    super(`invalid match expression: ${reason}`);
  }
}

/**
 * Compiles a topic handler's `match` with vigil's lambda engine, as Kapacitor's `newMatchHandler`
 * does: the identifiers OK, INFO, WARNING and CRITICAL are level numbers, the event functions
 * above read the event, and a double-quoted reference is a tag of the event (the first row's
 * tags, which are the alert's group tags). An empty match takes every event. A match that cannot
 * compile throws TopicMatchError; one that fails on an event (a tag the event lacks) does not
 * take it, as Kapacitor logs the error and skips the handler. Both modes use it: vigil serve's
 * topic handlers and the notifier's.
 */
export function compileTopicMatch(match: string): TopicMatch {
  if (match.trim() === '') return () => true;
  let instance: LambdaInstance;
  try {
    const lambda = compileLambda(eventFunctionsAsReferences(parseLambdaExpression(match)), { now: () => 0n, source: match });
    instance = lambda.newInstance();
  } catch (error) {
    if (error instanceof TickScriptError || error instanceof LambdaError) throw new TopicMatchError(error.message);
    throw error;
  }
  return (event) => {
    const scope = new Map(Object.entries(EVENT_FUNCTIONS).map(([fn, read]) => [scopeName(fn), read(event)]));
    const row = event.series[0];
    try {
      return instance.evaluateBool({ database: '', retentionPolicy: '', name: row?.name ?? '', tags: row?.tags ?? {}, fields: {}, time: event.time }, scope);
    } catch (error) {
      if (error instanceof LambdaError) return false;
      throw error;
    }
  };
}

function eventFunctionsAsReferences(expr: Expr): Expr {
  switch (expr.kind) {
    case 'Identifier': {
      const level = LEVEL_NUMBERS[expr.name as Level];
      if (level === undefined) throw new TopicMatchError(`unknown identifier ${JSON.stringify(expr.name)}`);
      return { kind: 'Int', value: level, pos: expr.pos };
    }
    case 'Call':
      if (Object.hasOwn(EVENT_FUNCTIONS, expr.name)) {
        if (expr.args.length > 0) throw new TopicMatchError(`${expr.name} takes no arguments`);
        return { kind: 'Reference', name: scopeName(expr.name), pos: expr.pos };
      }
      return { ...expr, args: expr.args.map(eventFunctionsAsReferences) };
    case 'Unary':
      return { ...expr, operand: eventFunctionsAsReferences(expr.operand) };
    case 'Binary':
      return { ...expr, left: eventFunctionsAsReferences(expr.left), right: eventFunctionsAsReferences(expr.right) };
    case 'List':
      return { ...expr, items: expr.items.map(eventFunctionsAsReferences) };
    case 'Lambda':
      return { ...expr, body: eventFunctionsAsReferences(expr.body) };
    default:
      return expr;
  }
}
