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

  it('splits a batch into one batch per new group', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s)|groupBy('host')|httpOut('out')`, `cpu,host=a v=1 1\ncpu,host=b v=2 2\ncpu,host=a v=3 3\ncpu,host=a v=4 12`);
    expect(recorder.out().map((message) => [message.group, message.kind === 'batch' ? message.points.length : 0])).toEqual([
      ['host=a', 2],
      ['host=b', 1],
    ]);
  });
});
