import { run } from '../../testing/script-harness.test';

describe('changeDetect node', () => {
  it('passes the first point and then only changes of a listed field', () => {
    const points = run(`stream|from()|changeDetect('v')|httpOut('out')`, `m v=1 1\nm v=1 2\nm v=2 3\nm v=2 4\nm v=1 5`).outPoints();
    expect(points.map((p) => Number(p.time / 1_000_000_000n))).toEqual([1, 3, 5]);
  });

  it('compares types as Go does: int 1 differs from float 1', () => {
    const points = run(`stream|from()|changeDetect('v')|httpOut('out')`, `m v=1i 1\nm v=1 2`).outPoints();
    expect(points).toHaveLength(2);
  });

  it('passes when any listed field changed and skips missing fields with an error', () => {
    const recorder = run(`stream|from()|changeDetect('a', 'b')|httpOut('out')`, `m a=1,b=1 1\nm a=1,b=2 2\nm b=2 3\nm a=1 4`);
    expect(recorder.outPoints().map((p) => Number(p.time / 1_000_000_000n))).toEqual([1, 2]);
    expect(recorder.logs.map((entry) => entry.message)).toEqual(['expected field a not found', 'expected field b not found']);
  });

  it('tracks each group separately', () => {
    const points = run(`stream|from().groupBy('host')|changeDetect('v')|httpOut('out')`, `m,host=a v=1 1\nm,host=b v=1 2\nm,host=a v=1 3`).outPoints();
    expect(points).toHaveLength(2);
  });
});
