import fc from 'fast-check';
import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { compileTickScript } from '@vigil/tick-lang';
import { createTask } from '../src/task/task';
import type { TaskSnapshot } from '../src/task/task-snapshot';

const SECOND = 1_000_000_000n;
const START = 1_709_287_200n * SECOND;

/**
 * A window whose children only read one field keeps just that field (BatchMessage.column). The
 * same window followed by `log()` keeps whole points. Both must give the same outputs, for any
 * stream: values of several types, missing fields, late points, and a snapshot cut anywhere.
 */
const WINDOWS = [
  'window().period(10s).every(4s)',
  'window().period(6s).every(6s).align().fillPeriod()',
  'window().period(5s)',
  'window().period(3s).every(7s)',
];
const FUNCTIONS = ["mean('v')", "sum('v')", "count('v')", "median('v')", "mode('v')", "spread('v')", "stddev('v')", "distinct('v')", "difference('v')", "movingAverage('v', 2)", "cumulativeSum('v')", "elapsed('v', 1s)"];

const valueArbitrary: fc.Arbitrary<FieldValue | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -20, max: 20 }).map((v) => v / 2) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }).map((v) => BigInt(v)) },
  { weight: 1, arbitrary: fc.constantFrom<FieldValue>('a', 'b', true, new Unsigned(3n)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const pointsArbitrary = fc
  .array(fc.record({ host: fc.constantFrom('a', 'b'), advance: fc.integer({ min: -3, max: 4 }), value: valueArbitrary }), { minLength: 1, maxLength: 60 })
  .map((draws) => {
    let time = START;
    return draws.map(({ host, advance, value }): Point => {
      time += BigInt(advance) * SECOND;
      return { database: 'vigil', retentionPolicy: 'autogen', name: 'm', tags: { host }, fields: value === undefined ? { w: 1 } : { v: value }, time };
    });
  });

function outputs(script: string, points: readonly Point[], cutAt: number): string[] {
  const { pipeline } = compileTickScript(`dbrp "vigil"."autogen"\n${script}`);
  const emitted: string[] = [];
  const build = () =>
    createTask(pipeline, {
      taskName: 'column',
      now: () => 0n,
      emitEvent: () => undefined,
      emitPoint: (_sink, point) => emitted.push(JSON.stringify(point, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}i` : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value))),
      log: () => undefined,
      publish: () => undefined,
    });
  let task = build();
  points.forEach((point, index) => {
    if (index === cutAt) {
      const saved = JSON.parse(JSON.stringify(task.snapshot())) as TaskSnapshot;
      task = build();
      task.restore(saved);
    }
    task.write(point);
  });
  return emitted;
}

describe('a window keeping one field', () => {
  it.each(WINDOWS)('%s gives every field-reading function the outputs of a window keeping points', (window) => {
    fc.assert(
      fc.property(pointsArbitrary, fc.constantFrom(...FUNCTIONS), fc.nat(), (points, fn, cut) => {
        const tail = `|${fn}|influxDBOut().database('o')`;
        const columnar = outputs(`stream|from().groupBy('host')|${window}${tail}`, points, cut % (points.length + 1));
        const whole = outputs(`stream|from().groupBy('host')|${window}|log().level('DEBUG')${tail}`, points, points.length);
        expect(columnar).toEqual(whole);
      }),
      { numRuns: 120 },
    );
  });
});
