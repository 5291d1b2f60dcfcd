import { parseCron, type CronExpression, type PipelineNode } from '@vigil/tick-lang';

/** Go's zero time (0001-01-01) to the Unix epoch, ns: `time.Time.Round` counts from there. */
const GO_ZERO_TO_EPOCH_NS = 62_135_596_800n * 1_000_000_000n;

/** What one scheduled query node asks for (`pipeline/batch.go`: `QueryNode`). */
export interface QuerySchedule {
  readonly node: string;
  readonly period: bigint;
  readonly offset: bigint;
  /**
   * The first run time strictly after `after` (Kapacitor's `ticker.Next`): `after + every`,
   * rounded to `every` with `.align()` (`timeTicker.Next`), or the cron's next time
   * (`cronTicker.Next`); undefined when a cron has no later time.
   */
  next(after: bigint): bigint | undefined;
  /** The first run of a schedule started at `now` (`timeTicker.Start`, `cronTicker.Start`). */
  first(now: bigint): bigint | undefined;
}

/** The range one run at `runTime` queries: `[stop - period, stop)` with `stop = runTime - offset`. */
export interface QueryRange {
  readonly start: bigint;
  readonly stop: bigint;
}

export function rangeOf(schedule: QuerySchedule, runTime: bigint): QueryRange {
  const stop = runTime - schedule.offset;
  return { start: stop - schedule.period, stop };
}

/** The schedule of a compiled `query()` or `promQL()` node (the catalog has validated it). */
export function scheduleOf(node: PipelineNode): QuerySchedule {
  const every = durationProperty(node, 'every');
  const align = node.properties.some((call) => call.name === 'align');
  const cronText = stringProperty(node, 'cron');
  const base = { node: node.name, period: durationProperty(node, 'period'), offset: durationProperty(node, 'offset') };
  if (cronText) {
    const cron: CronExpression = parseCron(cronText);
    return { ...base, next: (after) => cron.next(after), first: (now) => cron.next(now) };
  }
  return {
    ...base,
    next: (after) => (align ? goRound(after + every, every) : after + every),
    // An aligned ticker first waits for the next multiple of `every`; a plain one ticks `every`
    // after it starts (`timeTicker.Start`).
    first: (now) => (align ? goTruncate(now, every) + every : now + every),
  };
}

/**
 * The runs `vigil replay` makes over `[start, stop]`, as Kapacitor's `QueryNode.Queries` lists
 * them for `kapacitor record query`/`record batch`: from `start`, each next tick up to `stop`;
 * a run whose range would end after `now` is left out.
 */
export function runsBetween(schedule: QuerySchedule, start: bigint, stop: bigint, now: bigint): bigint[] {
  const runs: bigint[] = [];
  let current = start;
  for (;;) {
    const next = schedule.next(current);
    if (next === undefined || next > stop) return runs;
    if (next - schedule.offset > now) return runs;
    runs.push(next);
    current = next;
  }
}

function goRound(t: bigint, d: bigint): bigint {
  if (d <= 0n) return t;
  let r = (t + GO_ZERO_TO_EPOCH_NS) % d;
  if (r < 0n) r += d;
  return r + r < d ? t - r : t + (d - r);
}

function goTruncate(t: bigint, d: bigint): bigint {
  if (d <= 0n) return t;
  let r = (t + GO_ZERO_TO_EPOCH_NS) % d;
  if (r < 0n) r += d;
  return t - r;
}

function lastArg(node: PipelineNode, name: string) {
  return [...node.properties].reverse().find((call) => call.name === name)?.args[0];
}

function durationProperty(node: PipelineNode, name: string): bigint {
  const value = lastArg(node, name);
  return value?.type === 'duration' ? value.ns : 0n;
}

function stringProperty(node: PipelineNode, name: string): string {
  const value = lastArg(node, name);
  return value?.type === 'string' ? value.value : '';
}
