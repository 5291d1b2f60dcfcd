import { describe, expect, it } from 'vitest';
import { sprintf } from '@vigil/go-format';
import type { Point } from '@vigil/core';
import { run, SECOND, view } from '../../testing/script-harness.test';

function batches(recorder: ReturnType<typeof run>) {
  return recorder.out().flatMap((message) => (message.kind === 'batch' ? [message] : []));
}

describe('top and bottom', () => {
  it('on a stream selects among the points of one time, as a batch ordered by time then rank', () => {
    const recorder = run(`stream|from()|top(2, 'v')|httpOut('out')`, `m,host=a v=1 1\nm,host=b v=3 1\nm,host=c v=2 1\nm,host=a v=9 2`);
    const [batch] = batches(recorder);
    expect(batch?.tmax).toBe(1n * SECOND);
    expect(batch?.points.map(view)).toEqual([
      [1, { host: 'b' }, { top: 3 }],
      [1, { host: 'c' }, { top: 2 }],
    ]);
  });

  it('keeps the best point per value of the named tags, the earliest among equals', () => {
    const recorder = run(
      `stream|from()|window().period(10s).every(10s).align()|bottom(3, 'v', 'host').as('low').usePointTimes()|httpOut('out')`,
      `m,host=a v=2 1\nm,host=a v=1 2\nm,host=b v=1 3\nm,host=b v=1 4\nm,host=c v=5 5\nm,host=d v=7 6\nm,host=a v=0 11`,
    );
    const [batch] = batches(recorder);
    expect(batch?.points.map(view)).toEqual([
      [2, { host: 'a' }, { low: 1 }],
      [3, { host: 'b' }, { low: 1 }],
      [5, { host: 'c' }, { low: 5 }],
    ]);
    // The batch takes the latest point time only when it is later than the window's.
    expect(batch?.tmax).toBe(10n * SECOND);
  });

  it('keys by a field value printed as Go does and keeps int values', () => {
    const point = (host: string, v: bigint, code: bigint, s: number): Point => ({ database: 'db', retentionPolicy: 'rp', name: 'm', tags: { host }, fields: { v, code }, time: BigInt(s) * SECOND });
    const recorder = run(`stream|from()|window().period(10s).every(10s).align()|top(5, 'v', 'code')|httpOut('out')`, [
      point('a', 5n, 200n, 1),
      point('b', 7n, 200n, 2),
      point('c', 1n, 500n, 3),
      point('a', 1n, 500n, 11),
    ]);
    expect(batches(recorder)[0]?.points.map(view)).toEqual([
      [10, { host: 'b' }, { top: 7n }],
      [10, { host: 'c' }, { top: 1n }],
    ]);
    expect(sprintf('%s', [200n])).toBe('%!s(int64=200)');
    expect(sprintf('%s', [1.5])).toBe('%!s(float64=1.5)');
  });

  it('logs and skips a point of another type than the first', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s).align()|top(1, 'v')|httpOut('out')`, `m v=1 1\nm v="x" 2\nm v=1 11`);
    expect(batches(recorder)[0]?.points.map(view)).toEqual([[10, {}, { top: 1 }]]);
    expect(recorder.logs.some((entry) => JSON.stringify(entry).includes('field v has wrong type: got string exp float64'))).toBe(true);
  });
});
