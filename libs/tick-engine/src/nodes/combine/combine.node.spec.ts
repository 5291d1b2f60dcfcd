import { run } from '../../testing/script-harness.test';
import { assignPoints, combinationCount, forEachCombination } from './combinations';

describe('combinations', () => {
  it('counts n choose k as Kapacitor, -1 when k > n', () => {
    expect([combinationCount(4, 2), combinationCount(5, 3), combinationCount(2, 3), combinationCount(60, 30)]).toEqual([6n, 10n, -1n, 118264581564861424n]);
  });

  it('visits combinations in lexicographic order', () => {
    const seen: number[][] = [];
    forEachCombination(4, 2, (indices) => seen.push(indices));
    expect(seen).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
  });

  it('gives each lambda the first matching point not yet taken, or nothing', () => {
    const matches = [[true, true, false], [true, false, true]];
    expect(assignPoints([0, 1], matches)).toBeUndefined();
    expect(assignPoints([0, 2], matches)).toEqual([0, 2]);
    expect(assignPoints([1, 2], matches)).toEqual([1, 2]);
  });
});

describe('combine node', () => {
  it('combines triples, prefixing fields and non-group tags, when a point of another time arrives', () => {
    const out = run(
      `stream|from().groupBy('dc')|combine(lambda: TRUE, lambda: TRUE, lambda: TRUE).as('a', 'b', 'c').delimiter('_')|httpOut('out')`,
      `m,dc=x,s=1 v=1 1\nm,dc=x,s=2 v=2 1\nm,dc=x,s=3 v=3 1\nm,dc=x,s=4 v=4 1\nm,dc=x,s=5 v=5 2`,
    ).outPoints();
    expect(out.map((p) => [p.fields['a_v'], p.fields['b_v'], p.fields['c_v']])).toEqual([[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]]);
    expect(out[0]?.tags).toEqual({ dc: 'x', a_s: '1', b_s: '2', c_s: '3' });
    expect(out[0]?.time).toBe(1_000_000_000n);
  });

  it('sends nothing for a time with more combinations than max, and logs it', () => {
    const recorder = run(`stream|from()|combine(lambda: TRUE, lambda: TRUE).as('a', 'b').max(2)|httpOut('out')`, `m v=1 1\nm v=2 1\nm v=3 1\nm v=4 2\nm v=5 2\nm v=6 3`);
    expect(recorder.outPoints().map((p) => [p.fields['a.v'], p.fields['b.v']])).toEqual([[4, 5]]);
    expect(recorder.logs.map((entry) => entry.message)).toEqual(['refusing to perform combination as total combinations 3 exceeds max combinations 2']);
  });

  it('combines the points of each batch at its end, as points named after the batch', () => {
    const out = run(
      `stream|from().measurement('m')|window().period(2s).every(2s)|combine(lambda: "v" > 1.0, lambda: "v" <= 1.0).as('hi', 'lo')|httpOut('out')`,
      `m v=1 0\nm v=2 0\nm v=3 1\nm v=4 2`,
    ).out();
    expect(out.map((message) => message.kind)).toEqual(['point']);
    expect(out.flatMap((message) => (message.kind === 'point' ? [[message.point.name, message.point.fields]] : []))).toEqual([['m', { 'hi.v': 2, 'lo.v': 1 }]]);
  });
});
