import { TimeValue } from '../compiled-lambda';
import { INT, TIME, type Value } from '../value-type';
import { signature, stateless, type FunctionSpec } from './function-spec';

/**
 * Calendar parts of a time. Kapacitor hands lambdas the point time converted to the server's
 * local zone (`time.Local`), so these read the process's local zone too (the TZ environment
 * variable decides, as for Go). now() returns the injected clock, never the process clock.
 */

const NS_PER_MS = 1_000_000n;

function localDate(value: Value): Date {
  const ns = (value as TimeValue).ns;
  // Floor division, so that instants before 1970 fall in the right millisecond.
  const ms = ns >= 0n ? ns / NS_PER_MS : -((-ns + NS_PER_MS - 1n) / NS_PER_MS);
  return new Date(Number(ms));
}

function part(name: string, read: (date: Date) => number): FunctionSpec {
  return stateless(name, [signature([TIME], INT)], (args) => BigInt(read(localDate(args[0] as Value))));
}

export const TIME_FUNCTIONS: readonly FunctionSpec[] = [
  stateless('unixNano', [signature([TIME], INT)], (args) => (args[0] as TimeValue).ns),
  part('minute', (date) => date.getMinutes()),
  part('hour', (date) => date.getHours()),
  // Go's Weekday counts from Sunday = 0, as getDay() does.
  part('weekday', (date) => date.getDay()),
  part('day', (date) => date.getDate()),
  part('month', (date) => date.getMonth() + 1),
  part('year', (date) => date.getFullYear()),
  stateless('now', [signature([], TIME)], (_args, context) => new TimeValue(context.now())),
];
