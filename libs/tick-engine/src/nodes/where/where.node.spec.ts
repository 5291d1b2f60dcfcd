import { run } from '../../testing/script-harness.test';

describe('where node', () => {
  it('keeps points for which the lambda is true', () => {
    const recorder = run(`stream|from()|where(lambda: "v" >= 2)|httpOut('out')`, `cpu v=1 1\ncpu v=2 2\ncpu v=3 3`);
    expect(recorder.outPoints().map((point) => point.fields['v'])).toEqual([2, 3]);
  });

  it('gives every group its own expression state', () => {
    // count() counts per group here (unlike from().where()): each group's first point fails.
    const recorder = run(`stream|from().groupBy('host')|where(lambda: count() > 1)|httpOut('out')`, `cpu,host=a v=1 1\ncpu,host=b v=2 2\ncpu,host=a v=3 3\ncpu,host=b v=4 4`);
    expect(recorder.outPoints().map((point) => point.fields['v'])).toEqual([3, 4]);
  });

  it('drops points on evaluation errors', () => {
    const recorder = run(`stream|from()|where(lambda: "v" > 0)|httpOut('out')`, `cpu x=1 1\ncpu v=1 2`);
    expect(recorder.outPoints().map((point) => point.fields['v'])).toEqual([1]);
    expect(recorder.logs.map((entry) => entry.node)).toEqual(['where2']);
  });

  it('filters the points of a batch', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s)|where(lambda: "v" > 1)|httpOut('out')`, `cpu v=1 1\ncpu v=2 2\ncpu v=3 12`);
    const [batch] = recorder.out();
    expect(batch?.kind === 'batch' && batch.points.map((point) => point.fields['v'])).toEqual([2]);
  });
});
