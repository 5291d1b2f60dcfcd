import { run } from '../../testing/script-harness.test';

describe('default node', () => {
  it('sets missing fields and missing or empty tags, leaving present ones', () => {
    const points = run(`stream|from()|default().field('errors', 0).field('v', 9.5).tag('dc', 'none').tag('host', 'x')|httpOut('out')`, `m,host=a v=1 1\nm,dc= w=2 2`).outPoints();
    expect(points.map((p) => [p.tags, p.fields])).toEqual([
      [{ host: 'a', dc: 'none' }, { v: 1, errors: 0n }],
      [{ dc: 'none', host: 'x' }, { w: 2, errors: 0n, v: 9.5 }],
    ]);
  });

  it('moves a point whose group-by tag it sets to that group', () => {
    const recorder = run(`stream|from().groupBy('dc')|default().tag('dc', 'none')|httpOut('out')`, `m v=1 1`);
    expect(recorder.out()[0]?.group).toBe('dc=none');
  });
});
