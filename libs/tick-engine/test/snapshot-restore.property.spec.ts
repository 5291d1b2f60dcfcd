import { join } from 'node:path';
import fc from 'fast-check';
import { Unsigned, type AlertEvent, type FieldValue } from '@vigil/core';
import { compileTickScript, type Pipeline } from '@vigil/tick-lang';
import { createTask, type Task } from '../src/task/task';
import type { TaskSnapshot } from '../src/task/task-snapshot';
import { applyStep, type Step } from './golden-case';

const SECOND = 1_000_000_000n;
const START = 1_709_287_200n * SECOND;
const DBRP = 'dbrp "vigil"."autogen"\n';

/** Tasks whose state spans many points; their points (influxDBOut) and events are compared. */
const TASKS: Record<string, string> = {
  stateCount: `stream|from().measurement('m').groupBy('host')|stateCount(lambda: "v" > 50.0)|influxDBOut().database('o')`,
  stateDuration: `stream|from().measurement('m').groupBy('host')|stateDuration(lambda: "v" > 50.0).unit(1s)|influxDBOut().database('o')`,
  windowMean: `stream|from().measurement('m').groupBy('host')|window().period(10s).every(4s)|mean('v')|influxDBOut().database('o')`,
  windowAlignedPercentile: `stream|from().measurement('m').groupBy('host')|window().period(8s).every(8s).align().fillPeriod()|percentile('v', 75.0)|influxDBOut().database('o')`,
  windowEveryPoint: `stream|from().measurement('m').groupBy('host')|window().period(5s)|max('v').usePointTimes()|influxDBOut().database('o')`,
  // Regrouped batches are held until a batch of another time: the held batches are state.
  windowRegroupSum: `stream|from().measurement('m').groupBy('host')|window().period(6s).every(3s).align()|groupBy()|sum('v')|influxDBOut().database('o')`,
  windowCount: `stream|from().measurement('m').groupBy('host')|window().periodCount(3).everyCount(2)|distinct('v')|influxDBOut().database('o')`,
  derivative: `stream|from().measurement('m').groupBy('host')|derivative('v').nonNegative()|influxDBOut().database('o')`,
  transformations: `var s = stream|from().measurement('m').groupBy('host')
    s|movingAverage('v', 3)|influxDBOut().database('o')
    s|difference('v')|influxDBOut().database('o')
    s|cumulativeSum('v')|influxDBOut().database('o')
    s|elapsed('v', 1s)|influxDBOut().database('o')`,
  streamAggregate: `stream|from().measurement('m').groupBy('host')|mode('v')|influxDBOut().database('o')`,
  statefulLambdas: `stream|from().measurement('m').where(lambda: count() % 3 != 0).groupBy('host')|where(lambda: sigma("v") < 3.0)|eval(lambda: spread("v"), lambda: count()).as('s', 'n')|influxDBOut().database('o')`,
  changeSample: `stream|from().measurement('m').groupBy('host')|changeDetect('v')|sample(2)|influxDBOut().database('o')`,
  // Nodes with several parents: their queues and sets span parents (and, for union, groups).
  union: `var a = stream|from().measurement('m').where(lambda: "host" == 'a')
    var b = stream|from().measurement('m').where(lambda: "host" != 'a')
    a|union(b).rename('u')|influxDBOut().database('o')`,
  unionWindows: `var a = stream|from().measurement('m').where(lambda: "host" == 'a').groupBy('host')|window().period(4s).every(4s)
    var b = stream|from().measurement('m').where(lambda: "host" != 'a').groupBy('host')|window().period(4s).every(4s)
    a|union(b)|count('v')|influxDBOut().database('o')`,
  join: `var a = stream|from().measurement('m').where(lambda: "host" == 'a')
    var b = stream|from().measurement('m').where(lambda: "host" != 'a')
    a|join(b).as('a', 'b').tolerance(2s).fill(-1)|influxDBOut().database('o')`,
  joinOn: `var hosts = stream|from().measurement('m').groupBy('host')
    var detail = stream|from().measurement('m').where(lambda: "host" != 'c').groupBy('host', 'x')
    hosts|join(detail).as('h', 'd').on('host').tolerance(3s).fill(0)|influxDBOut().database('o')`,
  // A join of batches holds whole batches per group and time (joinset.JoinIntoBatch).
  joinWindows: `var a = stream|from().measurement('m').where(lambda: "host" == 'a')|window().period(4s).every(4s).align()
    var b = stream|from().measurement('m').where(lambda: "host" != 'a')|window().period(4s).every(4s).align()
    a|join(b).as('a', 'b').tolerance(1s).fill(-1)|influxDBOut().database('o')`,
  // combine holds the points of the current (rounded) time per group, and its lambdas' state.
  combine: `stream|from().measurement('m')|combine(lambda: "host" == 'a', lambda: count() % 2 == 0).as('a', 'other').tolerance(2s)|influxDBOut().database('o')`,
  // flatten holds the points of the current (rounded) time per group.
  flatten: `stream|from().measurement('m')|flatten().on('host').tolerance(2s)|influxDBOut().database('o')`,
  // top and bottom on a stream hold the points of the current time per group; after a window, nothing.
  topBottom: `var s = stream|from().measurement('m')
    s|top(2, 'v', 'host')|influxDBOut().database('o')
    s|groupBy('host')|bottom(1, 'v').as('b')|influxDBOut().database('o')
    s|window().period(6s).every(3s)|top(2, 'v').usePointTimes()|influxDBOut().database('o')`,
  // holtWinters on a stream holds the points of the current time per group (one time: an empty forecast).
  holtWinters: `var s = stream|from().measurement('m').groupBy('host')
    s|holtWinters('v', 2, 0, 1s)|influxDBOut().database('o')
    s|window().period(6s).every(3s)|holtWintersWithFit('v', 1, 2, 1s)|influxDBOut().database('o')`,
  // sideload keeps no state: its files (the golden case's) are read when the task is built.
  sideload: `stream|from().measurement('m').groupBy('host')|sideload().source('file://${join(__dirname, 'golden/sideload-thresholds-per-host/sideload')}').order('host/{{.host}}.yml', 'dc/east.json').field('limit', 5.0).tag('team', 'ops')|influxDBOut().database('o')`,
  // barrier keeps per group its timer (the clock time it fires) and its last barrier time; the
  // clock follows the steps, as in vigil replay.
  barrierIdleWindow: `stream|from().measurement('m').groupBy('host')|barrier().idle(3s)|window().period(6s).every(3s).align()|sum('v')|influxDBOut().database('o')`,
  barrierPeriodDelete: `stream|from().measurement('m').groupBy('host')|barrier().period(4s).delete(TRUE)|stateCount(lambda: "v" > 50.0)|influxDBOut().database('o')`,
  barrierUnionJoin: `var a = stream|from().measurement('m').where(lambda: "host" == 'a')|barrier().idle(2s)
    var b = stream|from().measurement('m').where(lambda: "host" != 'a')|barrier().idle(5s)
    a|union(b).rename('u')|influxDBOut().database('o')
    a|join(b).as('a', 'b').tolerance(2s)|influxDBOut().database('o')`,
  stats: `var d = stream|from().measurement('m').groupBy('host')
    d|influxDBOut().database('o')
    d|stats(5s)|derivative('emitted').unit(5s).nonNegative()|influxDBOut().database('o')`,
  // The report times are state too (the next tick that reports): a restored node keeps them.
  statsAligned: `var d = stream|from().measurement('m').where(lambda: "host" != 'c')
    d|influxDBOut().database('o')
    d|stats(3s).align()|influxDBOut().database('o')`,
};

const ALERT_TASKS: Record<string, string> = {
  stateCountAlert: `stream|from().measurement('m').groupBy('host')|stateCount(lambda: "v" > 50.0)|alert().crit(lambda: "state_count" >= 2).warn(lambda: "state_count" >= 1).stateChangesOnly().topic('t')`,
  windowMeanAlert: `stream|from().measurement('m').groupBy('host')|window().period(10s).every(5s)|mean('v')|alert().crit(lambda: "mean" > 60.0).topic('t')`,
  deadman: `stream|from().measurement('m').groupBy('host')|deadman(1.0, 5s).topic('t')`,
  barrierDeleteAlert: `stream|from().measurement('m').groupBy('host')|barrier().idle(4s).delete(TRUE)|window().period(4s).every(2s)|max('v')|alert().crit(lambda: "max" > 60.0).topic('t')`,
};


/** Points of three hosts, mostly in time order with some late ones, a few without the field. */
const stepsArbitrary = fc
  .array(
    fc.record({
      host: fc.constantFrom('a', 'b', 'c'),
      advance: fc.integer({ min: -2, max: 4 }),
      value: fc.oneof(fc.integer({ min: 0, max: 100 }).map((v) => v as FieldValue), fc.constant(undefined)),
      // A clock tick after the point, up to 3s later (a wall clock that runs ahead of point times).
      tick: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 2 }),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((draws) => {
    let time = START;
    const steps: Step[] = [];
    for (const draw of draws) {
      time += BigInt(draw.advance) * SECOND;
      const fields: Record<string, FieldValue> = draw.value === undefined ? { other: 1 } : { v: draw.value };
      steps.push({ kind: 'point', point: { database: 'vigil', retentionPolicy: 'autogen', name: 'm', tags: { host: draw.host }, fields, time } });
      if (draw.tick !== undefined) steps.push({ kind: 'tick', now: time + BigInt(draw.tick) * SECOND });
    }
    return steps;
  });

/** A deterministic text of a value, keeping int/float/unsigned apart and NaN printable. */
function textOf(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'bigint') return `${inner}i`;
    if (inner instanceof Unsigned) return `${inner.value}u`;
    if (typeof inner === 'number' && !Number.isFinite(inner)) return String(inner);
    return inner;
  });
}

function runSteps(pipeline: Pipeline, steps: readonly Step[], cutAt: number | undefined): string[] {
  const outputs: string[] = [];
  // The clock is the last point's time or tick's, as in vigil replay.
  let clock = 0n;
  const build = (): Task =>
    createTask(pipeline, {
      taskName: 'property',
      now: () => clock,
      emitEvent: (event: AlertEvent) => outputs.push(`event ${textOf(event)}`),
      emitPoint: (sink, point) => outputs.push(`point ${sink.node} ${textOf(point)}`),
      log: () => undefined,
      publish: () => undefined,
    });
  let task = build();
  steps.forEach((step, index) => {
    if (index === cutAt) {
      const saved = JSON.parse(JSON.stringify(task.snapshot())) as TaskSnapshot;
      task = build();
      task.restore(saved);
    }
    applyStep(task, step, (now) => (clock = now));
  });
  return outputs;
}

const tasks = { ...TASKS, ...ALERT_TASKS };

describe('snapshot and restore', () => {
  it.each(Object.entries(tasks))('%s: a run cut anywhere and resumed from JSON gives the uncut outputs', (_name, script) => {
    const { pipeline } = compileTickScript(DBRP + script);
    fc.assert(
      fc.property(stepsArbitrary, fc.nat(), (steps, cut) => {
        const cutAt = cut % (steps.length + 1);
        expect(runSteps(pipeline, steps, cutAt)).toEqual(runSteps(pipeline, steps, undefined));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a snapshot of another pipeline', () => {
    const one = compileTickScript(DBRP + (TASKS['stateCount'] as string)).pipeline;
    const other = compileTickScript(DBRP + (TASKS['derivative'] as string)).pipeline;
    const snapshot = createTask(one, { taskName: 'x', now: () => 0n, emitEvent: () => undefined, emitPoint: () => undefined, log: () => undefined, publish: () => undefined }).snapshot();
    const task = createTask(other, { taskName: 'x', now: () => 0n, emitEvent: () => undefined, emitPoint: () => undefined, log: () => undefined, publish: () => undefined });
    expect(() => task.restore(snapshot)).toThrow(/taken from another script/);
  });
});
