import { run } from '../../testing/script-harness.test';

const seconds = (points: readonly { time: bigint }[]): number[] => points.map((p) => Number(p.time / 1_000_000_000n));

describe('sample node', () => {
  it('keeps every n-th point of each group, starting with the first', () => {
    const input = `m,host=a v=1 0\nm,host=b v=1 1\nm,host=a v=1 2\nm,host=a v=1 3\nm,host=b v=1 4\nm,host=b v=1 5`;
    expect(seconds(run(`stream|from().groupBy('host')|sample(2)|httpOut('out')`, input).outPoints())).toEqual([0, 1, 3, 5]);
  });

  it('keeps the points whose time is a multiple of a duration', () => {
    expect(seconds(run(`stream|from()|sample(10s)|httpOut('out')`, `m v=1 0\nm v=1 5\nm v=1 10\nm v=1 15\nm v=1 20`).outPoints())).toEqual([0, 10, 20]);
  });
});
