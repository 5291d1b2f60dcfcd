import { run } from '../../testing/script-harness.test';

describe('eval node', () => {
  it('keeps only the results without keep(), later lambdas seeing earlier results', () => {
    const points = run(`stream|from()|eval(lambda: "a" * 2.0, lambda: "x" + 1.0).as('x', 'y')|httpOut('out')`, `m a=1,b=5 1`).outPoints();
    expect(points[0]?.fields).toEqual({ x: 2, y: 3 });
  });

  it('keeps every field with keep() and the listed ones with keep(names)', () => {
    const all = run(`stream|from()|eval(lambda: "a" * 2.0).as('x').keep()|httpOut('out')`, `m a=1,b=5 1`).outPoints();
    expect(all[0]?.fields).toEqual({ a: 1, b: 5, x: 2 });
    const some = run(`stream|from()|eval(lambda: "a" * 2.0).as('x').keep('b', 'x')|httpOut('out')`, `m a=1,b=5 1`).outPoints();
    expect(some[0]?.fields).toEqual({ b: 5, x: 2 });
  });

  it('turns string results into tags and regroups', () => {
    const recorder = run(`stream|from().groupBy('host')|eval(lambda: 'b').as('host').tags('host')|httpOut('out')`, `m,host=a v=1 1`);
    expect(recorder.outPoints()[0]?.tags).toEqual({ host: 'b' });
    expect(recorder.outPoints()[0]?.fields).toEqual({});
    expect(recorder.out()[0]?.group).toBe('host=b');
  });

  it('drops the point on an error and logs it unless quiet()', () => {
    const loud = run(`stream|from()|eval(lambda: "missing" + 1.0).as('x')|httpOut('out')`, `m a=1 1`);
    expect(loud.outPoints()).toEqual([]);
    expect(loud.logs).toHaveLength(1);
    const quiet = run(`stream|from()|eval(lambda: "missing" + 1.0).as('x').quiet()|httpOut('out')`, `m a=1 1`);
    expect(quiet.logs).toEqual([]);
  });

  it('fails on a keep() name that is neither a result nor a field', () => {
    expect(run(`stream|from()|eval(lambda: 1.0).as('x').keep('nope')|httpOut('out')`, `m a=1 1`).outPoints()).toEqual([]);
  });

  it("lets a field win over an earlier result of the same name once a later lambda reads it (Kapacitor's scope)", () => {
    const shadowed = run(`stream|from()|eval(lambda: 1.0, lambda: "x" + 0.5).as('x', 'y')|httpOut('out')`, `m x=10 1`).outPoints();
    expect(shadowed[0]?.fields).toEqual({ x: 10, y: 10.5 });
    const plain = run(`stream|from()|eval(lambda: 1.0).as('x')|httpOut('out')`, `m x=10 1`).outPoints();
    expect(plain[0]?.fields).toEqual({ x: 1 });
  });

  it('keeps stateful functions per group', () => {
    const input = `m,host=a v=1 1\nm,host=b v=1 2\nm,host=a v=1 3`;
    const points = run(`stream|from().groupBy('host')|eval(lambda: count()).as('n')|httpOut('out')`, input).outPoints();
    expect(points.map((p) => p.fields['n'])).toEqual([1n, 1n, 2n]);
  });
});
