import type { Expr } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { TickValue } from '../pipeline';
import { describeValue } from './eval-value';

/**
 * `time(1m)` or `time(1m, -5s)` outside a lambda: the time dimension of a batch query's
 * `.groupBy()`. Kapacitor puts a `time` function in every script's scope for it
 * (`task_master.go`: `CreateTICKScope`, `query.go`: `groupByTime`).
 */
export function timeDimension(expr: Extract<Expr, { kind: 'Call' }>, source: string, operand: (arg: Expr) => TickValue): TickValue {
  if (expr.args.length < 1 || expr.args.length > 2) {
    throw new TickScriptError(`time() function expects 1 or 2 args, got ${expr.args.length}: time(length[, offset])`, expr.pos, source);
  }
  const [length, offset] = expr.args.map((arg) => {
    const value = operand(arg);
    if (value.type !== 'duration') throw new TickScriptError(`time(): arguments must be durations, got ${describeValue(value)}`, arg.pos, source);
    return value.ns;
  });
  return { type: 'timeDimension', length: length ?? 0n, offset: offset ?? 0n };
}
