import { run } from '../../testing/script-harness.test';

describe('groupBy node', () => {
  it('regroups points by other tags', () => {
    const recorder = run(`stream|from().groupBy('host')|groupBy('dc')|httpOut('out')`, `cpu,host=a,dc=x v=1 1`);
    expect(recorder.out()[0]?.group).toBe('dc=x');
    expect(recorder.outPoints()[0]?.tags).toEqual({ dc: 'x', host: 'a' });
  });

  it('returns to the nil group without arguments', () => {
    const recorder = run(`stream|from().groupBy('host')|groupBy()|httpOut('out')`, `cpu,host=a v=1 1`);
    expect(recorder.out()[0]?.group).toBe('');
    expect(recorder.out()[0]?.groupTags).toEqual({});
  });

  it('groups by all tags except the excluded ones, with the measurement', () => {
    const recorder = run(`stream|from()|groupBy(*).exclude('host').byMeasurement()|httpOut('out')`, `cpu,host=a,dc=x,zone=z v=1 1`);
    expect(recorder.out()[0]?.group).toBe('cpu\ndc=x,zone=z');
  });

  it('splits a batch into one batch per new group and holds it until a batch of another time', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s)|groupBy('host')|httpOut('out')`, `cpu,host=a v=1 1\ncpu,host=b v=2 2\ncpu,host=a v=3 3\ncpu,host=a v=4 12`);
    expect(recorder.out()).toEqual([]);
    const later = run(`stream|from()|window().period(10s).every(10s)|groupBy('host')|httpOut('out')`, `cpu,host=a v=1 1\ncpu,host=b v=2 2\ncpu,host=a v=3 3\ncpu,host=a v=4 12\ncpu,host=a v=5 25`);
    expect(later.out().map((message) => [message.group, message.kind === 'batch' ? message.points.map((point) => point.fields['v']) : []])).toEqual([
      ['host=a', [1, 3]],
      ['host=b', [2]],
    ]);
  });

  it('merges the batches of one time from several source groups, points sorted by time', () => {
    const recorder = run(
      `stream|from().groupBy('host')|window().period(10s).every(10s).align()|groupBy()|httpOut('out')`,
      `cpu,host=a v=1 1\ncpu,host=b v=2 0.5\ncpu,host=a v=3 11\ncpu,host=b v=4 12\ncpu,host=a v=5 21`,
    );
    const batches = recorder.out().filter((message) => message.kind === 'batch');
    expect(batches.map((batch) => [batch.group, batch.tmax / 1_000_000_000n, batch.points.map((point) => point.fields['v'])])).toEqual([['', 10n, [2, 1]]]);
  });

  it('drops an empty batch, which still sends the held ones', () => {
    const recorder = run(
      `stream|from()|window().period(5s).every(10s).align()|groupBy()|httpOut('out')`,
      `cpu,host=a v=1 1\ncpu,host=a v=2 18\ncpu,host=a v=3 31\ncpu,host=a v=4 45`,
    );
    // Windows: empty at 10s, [18s] at 20s, empty at 40s (which sends the one at 20s on).
    expect(recorder.out().map((message) => (message.kind === 'batch' ? [message.tmax / 1_000_000_000n, message.points.length] : []))).toEqual([[20n, 1]]);
  });

  it('keeps grouping by measurement when a parent did', () => {
    const recorder = run(`stream|from().groupByMeasurement()|groupBy('host')|httpOut('out')`, `cpu,host=a v=1 1`);
    expect(recorder.out()[0]?.group).toBe('cpu\nhost=a');
  });
});
