import { run, view } from '../../testing/script-harness.test';

describe('from node', () => {
  it('keeps points of the measurement, database and retention policy', () => {
    const recorder = run(`stream|from().measurement('cpu').database('db').retentionPolicy('rp')|httpOut('out')`, `cpu v=1 1\nmem v=2 2\ncpu v=3 3`);
    expect(recorder.outPoints().map(view)).toEqual([
      [1, {}, { v: 1 }],
      [3, {}, { v: 3 }],
    ]);
  });

  it('filters with one where expression shared by all groups', () => {
    // count() is stateful: one instance for the node counts 1, 2, 3 across groups, so only the
    // first point fails `count() > 1` (per-group instances would fail b's first point too).
    const recorder = run(`stream|from().groupBy('host').where(lambda: count() > 1)|httpOut('out')`, `cpu,host=a v=1 1\ncpu,host=b v=2 2\ncpu,host=a v=3 3`);
    expect(recorder.outPoints().map((point) => point.fields['v'])).toEqual([2, 3]);
  });

  it('ANDs repeated where calls', () => {
    const recorder = run(`stream|from().where(lambda: "v" > 1).where(lambda: "v" < 4)|httpOut('out')`, `cpu v=1 1\ncpu v=2 2\ncpu v=5 3`);
    expect(recorder.outPoints().map((point) => point.fields['v'])).toEqual([2]);
  });

  it('drops points whose where expression fails, and logs', () => {
    const recorder = run(`stream|from().where(lambda: "v" > 1)|httpOut('out')`, `cpu x=5 1\ncpu v=5 2`);
    expect(recorder.outPoints().map((point) => point.time)).toEqual([2_000_000_000n]);
    expect(recorder.logs).toHaveLength(1);
    expect(recorder.logs[0]?.level).toBe('error');
  });

  it('groups by sorted tags, a missing tag giving an empty value', () => {
    const recorder = run(`stream|from().groupBy('host', 'dc')|httpOut('out')`, `cpu,host=a,dc=x v=1 1\ncpu,host=b v=1 2`);
    const [first, second] = recorder.out();
    expect(first?.group).toBe('dc=x,host=a');
    expect(second?.group).toBe('dc=,host=b');
    expect(second?.groupTags).toEqual({ dc: '', host: 'b' });
  });

  it('groups by every tag with * and adds the measurement with groupByMeasurement', () => {
    const recorder = run(`stream|from().groupBy(*).groupByMeasurement()|httpOut('out')`, `cpu,host=a,dc=x v=1 1\nmem v=1 2`);
    expect(recorder.out().map((message) => message.group)).toEqual(['cpu\ndc=x,host=a', 'mem']);
  });

  it('truncates and rounds point times', () => {
    const truncated = run(`stream|from().truncate(1m)|httpOut('out')`, `cpu v=1 119`);
    expect(truncated.outPoints()[0]?.time).toBe(60_000_000_000n);
    const rounded = run(`stream|from().round(1m)|httpOut('out')`, `cpu v=1 90\ncpu v=1 89`);
    expect(rounded.outPoints().map((point) => point.time)).toEqual([120_000_000_000n, 60_000_000_000n]);
  });

  it('keeps all the tags of a point after grouping', () => {
    const recorder = run(`stream|from().groupBy('host')|httpOut('out')`, `cpu,host=a,dc=x v=1 1`);
    expect(recorder.outPoints()[0]?.tags).toEqual({ dc: 'x', host: 'a' });
    expect(recorder.out()[0]?.groupTags).toEqual({ host: 'a' });
  });
});
