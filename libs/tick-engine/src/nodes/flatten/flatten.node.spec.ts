import { run } from '../../testing/script-harness.test';

describe('flatten node', () => {
  it('leaves out a point missing an on() tag, keeping its tag values in front of the next prefix as Kapacitor does', () => {
    const recorder = run(`stream|from()|flatten().on('a', 'b')|httpOut('out')`, `m,a=x v=1 1\nm,a=y,b=z v=2 1\nm,a=u,b=w v=3 1\nm v=4 2`);
    expect(recorder.outPoints().map((p) => p.fields)).toEqual([{ 'xy.z.v': 2, 'u.w.v': 3 }]);
    expect(recorder.logs.map((entry) => entry.message)).toEqual(['point missing tag for flatten operation: tag b is missing from point']);
  });

  it('sends nothing when every point of a time lacked a tag', () => {
    expect(run(`stream|from()|flatten().on('a')|httpOut('out')`, `m v=1 1\nm v=2 2`).outPoints()).toEqual([]);
  });

  it('names fields by the field alone without on(), and keeps names with dropOriginalFieldName(FALSE)', () => {
    const points = run(`stream|from()|flatten().dropOriginalFieldName(FALSE)|httpOut('out')`, `m,a=x v=1,w=2 1\nm v=3 2`).outPoints();
    expect(points.map((p) => [p.fields, p.tags, p.time])).toEqual([[{ v: 1, w: 2 }, {}, 1_000_000_000n]]);
  });

  it('flattens a batch per time into a batch, the last time at its end', () => {
    const out = run(
      `stream|from().groupBy('dc')|window().period(3s).every(3s)|flatten().on('host')|httpOut('out')`,
      `m,dc=a,host=h1 v=1 0\nm,dc=a,host=h2 v=2 0\nm,dc=a,host=h1 v=3 1\nm,dc=a,host=h1 v=4 3`,
    ).out();
    expect(out).toHaveLength(1);
    const batch = out[0];
    if (batch?.kind !== 'batch') throw new Error('expected a batch');
    expect([batch.group, batch.tmax]).toEqual(['dc=a', 3_000_000_000n]);
    expect(batch.points.map((p) => [p.time, p.tags, p.fields])).toEqual([
      [0n, { dc: 'a' }, { 'h1.v': 1, 'h2.v': 2 }],
      [1_000_000_000n, { dc: 'a' }, { 'h1.v': 3 }],
    ]);
  });
});
