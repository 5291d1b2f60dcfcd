import { run } from '../../testing/script-harness.test';

const INPUT = `net,host=a bytes=100,other=1 0\nnet,host=a bytes=300,other=2 10\nnet,host=a bytes=200,other=3 20\nnet,host=a bytes=500,other=4 30`;

describe('derivative node', () => {
  it('writes the rate per second over the field itself, on the current point', () => {
    const points = run(`stream|from()|derivative('bytes')|httpOut('out')`, INPUT).outPoints();
    expect(points.map((p) => [p.time, p.tags, p.fields])).toEqual([
      [10_000_000_000n, { host: 'a' }, { bytes: 20, other: 2 }],
      [20_000_000_000n, { host: 'a' }, { bytes: -10, other: 3 }],
      [30_000_000_000n, { host: 'a' }, { bytes: 30, other: 4 }],
    ]);
  });

  it('uses the unit and the as name', () => {
    const points = run(`stream|from()|derivative('bytes').unit(1m).as('rate')|httpOut('out')`, INPUT).outPoints();
    expect(points[0]?.fields).toEqual({ bytes: 300, other: 2, rate: 1200 });
  });

  it('with nonNegative drops negative rates but moves the previous point', () => {
    // 300 -> 200 is dropped; 200 -> 500 over 10s gives 30 (not 300 -> 500 over 20s).
    const points = run(`stream|from()|derivative('bytes').nonNegative()|httpOut('out')`, INPUT).outPoints();
    expect(points.map((p) => p.fields['bytes'])).toEqual([20, 30]);
  });

  it('emits nothing for a zero elapsed time, which still replaces the previous point', () => {
    const points = run(`stream|from()|derivative('v')|httpOut('out')`, `m v=0 0\nm v=10 0\nm v=30 1`).outPoints();
    expect(points.map((p) => p.fields['v'])).toEqual([20]);
  });

  it('skips points without a numeric field, keeping the previous point', () => {
    const points = run(`stream|from()|derivative('v')|httpOut('out')`, `m v=0i 0\nm x=1 1\nm v="s" 2\nm v=40i 4`).outPoints();
    expect(points.map((p) => p.fields['v'])).toEqual([10]);
  });

  it('keeps a previous point per group', () => {
    const input = `m,host=a v=0 0\nm,host=b v=100 0\nm,host=a v=10 1\nm,host=b v=50 1`;
    const points = run(`stream|from().groupBy('host')|derivative('v')|httpOut('out')`, input).outPoints();
    expect(points.map((p) => p.fields['v'])).toEqual([10, -50]);
  });
});
