import { run } from '../../testing/script-harness.test';

describe('httpOut node', () => {
  it('publishes every message under its endpoint with the group, and passes it on', () => {
    const recorder = run(`stream|from().groupBy('host')|httpOut('first')|httpOut('second')`, `m,host=a v=1 1`);
    expect(recorder.published.map(([endpoint, message]) => [endpoint, message.group])).toEqual([
      ['first', 'host=a'],
      ['second', 'host=a'],
    ]);
  });
});
