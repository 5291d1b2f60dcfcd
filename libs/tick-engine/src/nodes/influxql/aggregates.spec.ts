import type { Point } from '@vigil/core';
import { run } from '../../testing/script-harness.test';

const WINDOW = `stream|from().groupBy('host')|window().period(10s).every(10s).align()`;

/** Runs `window|<fn>|httpOut` over values of field v (times 1, 2, ...; a point at 15 closes the window). */
function aggregate(fn: string, values: readonly string[], extraTags = ''): Point[] {
  const input = values.map((v, i) => `cpu,host=a${extraTags} v=${v},other=${i} ${i + 1}`).join('\n');
  return run(`${WINDOW}|${fn}|httpOut('out')`, `${input}\ncpu,host=a v=0 15`).outPoints();
}

describe('aggregates after a window', () => {
  it('mean: one point with the group tags only, at the window time, named after the function', () => {
    const [point] = aggregate(`mean('v')`, ['1', '2', '3', '4'], ',dc=x');
    expect(point).toEqual({ database: '', retentionPolicy: '', name: 'cpu', tags: { host: 'a' }, fields: { mean: 2.5 }, time: 10_000_000_000n });
  });

  it('mean of ints is a float; sum of ints is an int; as() renames', () => {
    expect(aggregate(`mean('v')`, ['1i', '2i'])[0]?.fields).toEqual({ mean: 1.5 });
    expect(aggregate(`sum('v').as('total')`, ['1i', '2i'])[0]?.fields).toEqual({ total: 3n });
    expect(aggregate(`sum('v')`, ['0.5', '2'])[0]?.fields).toEqual({ sum: 2.5 });
  });

  it('count and sum emit 0 for an empty window, other aggregates nothing', () => {
    const empty = `cpu,host=a v=1 0\ncpu,host=a v=1 22`;
    const windowed = `stream|from().groupBy('host')|window().period(5s).every(20s)`;
    expect(run(`${windowed}|count('v')|httpOut('out')`, empty).outPoints().map((p) => p.fields)).toEqual([{ count: 0n }]);
    expect(run(`${windowed}|sum('v')|httpOut('out')`, empty).outPoints().map((p) => p.fields)).toEqual([{ sum: 0 }]);
    expect(run(`${windowed}|mean('v')|httpOut('out')`, empty).outPoints()).toEqual([]);
  });

  it('count counts points of any type having the field', () => {
    expect(aggregate(`count('v')`, ['"a"', '"b"'])[0]?.fields).toEqual({ count: 2n });
  });

  it('fixes the type by the first point and skips points of another type', () => {
    const recorder = run(`${WINDOW}|mean('v')|httpOut('out')`, `cpu,host=a v=1 1\ncpu,host=a v=3i 2\ncpu,host=a v=5 3\ncpu,host=a v=0 15`);
    expect(recorder.outPoints()[0]?.fields).toEqual({ mean: 3 });
    expect(recorder.logs[0]?.message).toContain('field v has wrong type: got int64 exp float64');
  });

  it('median: the middle value, or the mean of the two middle values', () => {
    expect(aggregate(`median('v')`, ['3', '1', '2'])[0]?.fields).toEqual({ median: 2 });
    expect(aggregate(`median('v')`, ['4i', '1i', '3i', '2i'])[0]?.fields).toEqual({ median: 2.5 });
  });

  it('mode: the most frequent value', () => {
    expect(aggregate(`mode('v')`, ['1', '3', '2', '3', '1', '3'])[0]?.fields).toEqual({ mode: 3 });
  });

  it("mode: InfluxQL's tie rule compares the run start with the mode's latest time", () => {
    // Sorted: 1@2 1@4 2@1 2@3. Mode 1 reaches 2 at time 4; the run of 2 starts at 1, not later,
    // so 2 takes over on reaching 2 as well.
    expect(aggregate(`mode('v')`, ['2i', '1i', '2i', '1i'])[0]?.fields).toEqual({ mode: 2n });
    // Sorted: 1@1 1@2 2@3 2@4: the run of 2 starts at 3, after 2, so 1 stays.
    expect(aggregate(`mode('v')`, ['1i', '1i', '2i', '2i'])[0]?.fields).toEqual({ mode: 1n });
  });

  it('spread and stddev', () => {
    expect(aggregate(`spread('v')`, ['3i', '1i', '4i'])[0]?.fields).toEqual({ spread: 3n });
    // Sample standard deviation of 2 4 4 4 5 5 7 9: sqrt(32 / 7).
    expect(aggregate(`stddev('v')`, ['2', '4', '4', '4', '5', '5', '7', '9'])[0]?.fields).toEqual({ stddev: Math.sqrt(32 / 7) });
    expect(aggregate(`stddev('v')`, ['2'])[0]?.fields).toEqual({ stddev: 0 });
  });

  it('distinct: a batch of the distinct values in order of first appearance', () => {
    const recorder = run(`${WINDOW}|distinct('v')|httpOut('out')`, `cpu,host=a v=3 1\ncpu,host=a v=1 2\ncpu,host=a v=3 3\ncpu,host=a v=2 4\ncpu,host=a v=0 15`);
    const [batch] = recorder.out();
    expect(batch?.kind).toBe('batch');
    expect(recorder.outPoints().map((p) => [p.fields, p.time])).toEqual([
      [{ distinct: 3 }, 10_000_000_000n],
      [{ distinct: 1 }, 10_000_000_000n],
      [{ distinct: 2 }, 10_000_000_000n],
    ]);
  });
});

describe('selectors after a window', () => {
  it('max keeps the selected point tags and fields, renaming the field, at the window time', () => {
    const [point] = aggregate(`max('v')`, ['1', '5', '3'], ',dc=x');
    expect(point?.tags).toEqual({ dc: 'x', host: 'a' });
    expect(point?.fields).toEqual({ max: 5, other: 1 });
    expect(point?.time).toBe(10_000_000_000n);
  });

  it('usePointTimes gives the selected point time; as() equal to the field keeps the name', () => {
    const [point] = aggregate(`max('v').as('v').usePointTimes()`, ['1', '5', '3']);
    expect(point?.fields).toEqual({ v: 5, other: 1 });
    expect(point?.time).toBe(2_000_000_000n);
  });

  it('min and max pick the earliest point among equal values', () => {
    expect(aggregate(`min('v')`, ['2', '1', '1'])[0]?.fields).toEqual({ min: 1, other: 1 });
    expect(aggregate(`max('v')`, ['2', '2', '1'])[0]?.fields).toEqual({ max: 2, other: 0 });
  });

  it('first and last by time, the greater value winning a tie', () => {
    const input = `cpu,host=a v=1 2\ncpu,host=a v=7 1\ncpu,host=a v=9 1\ncpu,host=a v=4 3\ncpu,host=a v=8 3\ncpu,host=a v=0 15`;
    expect(run(`${WINDOW}|first('v')|httpOut('out')`, input).outPoints()[0]?.fields).toEqual({ first: 9 });
    expect(run(`${WINDOW}|last('v')|httpOut('out')`, input).outPoints()[0]?.fields).toEqual({ last: 8 });
  });

  it('percentile selects by nearest rank and emits nothing out of range', () => {
    const values = ['30', '10', '50', '20', '40'];
    expect(aggregate(`percentile('v', 95.0)`, values)[0]?.fields).toEqual({ percentile: 50, other: 2 });
    expect(aggregate(`percentile('v', 50.0)`, values)[0]?.fields).toEqual({ percentile: 30, other: 0 });
    expect(aggregate(`percentile('v', 5.0)`, values)).toEqual([]);
  });
});

describe('aggregates directly on a stream', () => {
  it('reduce the points sharing a time, emitted when a point with another time arrives', () => {
    const recorder = run(`stream|from()|mean('v')|httpOut('out')`, `cpu v=1 1\ncpu v=3 1\ncpu v=10 2\ncpu v=0 3`);
    expect(recorder.outPoints().map((p) => [p.fields, p.time])).toEqual([
      [{ mean: 2 }, 1_000_000_000n],
      [{ mean: 10 }, 2_000_000_000n],
    ]);
  });
});

describe('transformations', () => {
  const input = `cpu,host=a,dc=x v=1 1\ncpu,host=a v=4 2\ncpu,host=a v=2 4`;

  it('difference: against the previous point, with the group tags, at the point time', () => {
    const points = run(`stream|from().groupBy('host')|difference('v')|httpOut('out')`, input).outPoints();
    expect(points.map((p) => [p.tags, p.fields, p.time])).toEqual([
      [{ host: 'a' }, { difference: 3 }, 2_000_000_000n],
      [{ host: 'a' }, { difference: -2 }, 4_000_000_000n],
    ]);
  });

  it('movingAverage: the mean of the last n values once n were seen', () => {
    const points = run(`stream|from()|movingAverage('v', 2)|httpOut('out')`, input).outPoints();
    expect(points.map((p) => p.fields)).toEqual([{ movingAverage: 2.5 }, { movingAverage: 3 }]);
  });

  it('cumulativeSum: the running sum, ints staying ints', () => {
    const points = run(`stream|from()|cumulativeSum('v')|httpOut('out')`, `cpu v=1i 1\ncpu v=2i 2\ncpu v=3i 3`).outPoints();
    expect(points.map((p) => p.fields)).toEqual([{ cumulativeSum: 1n }, { cumulativeSum: 3n }, { cumulativeSum: 6n }]);
  });

  it('elapsed: the time since the previous point as an int of units', () => {
    const points = run(`stream|from()|elapsed('v', 1s)|httpOut('out')`, `cpu v=1 1\ncpu v=1 3\ncpu v=1 6.5`).outPoints();
    expect(points.map((p) => p.fields)).toEqual([{ elapsed: 2n }, { elapsed: 3n }]);
  });

  it('a point lacking the field repeats the previous output, as in Kapacitor', () => {
    const points = run(`stream|from()|cumulativeSum('v')|httpOut('out')`, `cpu v=1 1\ncpu x=1 2`).outPoints();
    expect(points.map((p) => [p.fields, p.time])).toEqual([
      [{ cumulativeSum: 1 }, 1_000_000_000n],
      [{ cumulativeSum: 1 }, 1_000_000_000n],
    ]);
  });

  it('transform a batch point by point with fresh state', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s)|difference('v')|httpOut('out')`, `cpu v=1 1\ncpu v=4 2\ncpu v=9 3\ncpu v=0 12`);
    const [batch] = recorder.out();
    expect(batch?.kind).toBe('batch');
    expect(recorder.outPoints().map((p) => p.fields)).toEqual([{ difference: 3 }, { difference: 5 }]);
  });
});
