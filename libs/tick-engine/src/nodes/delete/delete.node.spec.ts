import { run } from '../../testing/script-harness.test';

describe('delete node', () => {
  it('removes the listed fields and tags, accumulating calls, and leaves points without them alone', () => {
    const points = run(`stream|from()|delete().field('a').field('b').tag('dc')|httpOut('out')`, `m,host=x,dc=eu a=1,b=2,c=3 1\nm,host=y c=4 2`).outPoints();
    expect(points.map((p) => [p.tags, p.fields])).toEqual([
      [{ host: 'x' }, { c: 3 }],
      [{ host: 'y' }, { c: 4 }],
    ]);
  });

  it('takes a deleted group-by tag out of the grouping even when the point lacks it', () => {
    const out = run(`stream|from().groupBy('host', 'dc')|delete().tag('dc')|httpOut('out')`, `m,host=x,dc=eu v=1 1\nm,host=x v=2 2`).out();
    expect(out.map((message) => [message.group, message.groupTags])).toEqual([
      ['host=x', { host: 'x' }],
      ['host=x', { host: 'x' }],
    ]);
  });

  it('regroups a point grouped by * without the deleted tag', () => {
    const out = run(`stream|from().groupBy(*)|delete().tag('dc')|httpOut('out')`, `m,host=x,dc=eu v=1 1`).out();
    expect(out.map((message) => message.group)).toEqual(['host=x']);
  });

  it("removes fields and tags from a batch's points and deleted tags from its group", () => {
    const out = run(`stream|from().groupBy('host', 'dc')|window().period(2s).every(2s)|delete().tag('dc').field('a')|httpOut('out')`, `m,host=x,dc=eu a=1,v=1 0\nm,host=x,dc=eu a=2,v=2 1\nm,host=x,dc=eu v=3 2`).out();
    const batch = out[0];
    expect(batch?.kind).toBe('batch');
    if (batch?.kind !== 'batch') return;
    expect([batch.group, batch.groupTags, batch.dimensions.by]).toEqual(['host=x', { host: 'x' }, ['host']]);
    expect(batch.points.map((p) => [p.tags, p.fields])).toEqual([
      [{ host: 'x' }, { v: 1 }],
      [{ host: 'x' }, { v: 2 }],
    ]);
  });
});
