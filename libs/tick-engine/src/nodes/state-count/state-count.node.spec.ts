import { run } from '../../testing/script-harness.test';

describe('stateCount node', () => {
  it('counts consecutive true points per group, -1 and a reset when false', () => {
    const input = `m,host=a v=1 1\nm,host=b v=1 2\nm,host=a v=1 3\nm,host=a v=0 4\nm,host=a v=1 5\nm,host=b v=1 6`;
    const points = run(`stream|from().groupBy('host')|stateCount(lambda: "v" == 1)|httpOut('out')`, input).outPoints();
    expect(points.map((p) => [p.tags['host'], p.fields['state_count']])).toEqual([
      ['a', 1n],
      ['b', 1n],
      ['a', 2n],
      ['a', -1n],
      ['a', 1n],
      ['b', 2n],
    ]);
  });

  it('drops points on a lambda error and leaves the count unchanged', () => {
    const points = run(`stream|from()|stateCount(lambda: "v" == 1).as('n')|httpOut('out')`, `m v=1 1\nm x=1 2\nm v=1 3`).outPoints();
    expect(points.map((p) => p.fields)).toEqual([
      { v: 1, n: 1n },
      { v: 1, n: 2n },
    ]);
  });

  it('counts each batch from zero', () => {
    const input = `m v=1 1\nm v=1 2\nm v=1 11\nm v=1 12\nm v=1 21`;
    const points = run(`stream|from()|window().period(10s).every(10s).align()|stateCount(lambda: "v" == 1)|httpOut('out')`, input).outPoints();
    expect(points.map((p) => p.fields['state_count'])).toEqual([1n, 2n, 1n, 2n]);
  });
});
