import { lines, run, scriptTask, SECOND } from '../../testing/script-harness.test';

describe('httpOut node', () => {
  it('publishes every message under its endpoint with the group, and passes it on', () => {
    const recorder = run(`stream|from().groupBy('host')|httpOut('first')|httpOut('second')`, `m,host=a v=1 1`);
    expect(recorder.published.map(([endpoint, message]) => [endpoint, message.group])).toEqual([
      ['first', 'host=a'],
      ['second', 'host=a'],
    ]);
  });

  it("withdraws a group that a barrier deletes, as Kapacitor's DeleteGroup removes its row", () => {
    const { task, recorder } = scriptTask(`stream|from().groupBy('host')|barrier().idle(5s).delete(TRUE)|httpOut('last')`);
    for (const point of lines('m,host=a v=1 1\nm,host=b v=2 4')) {
      recorder.clock = point.time;
      task.write(point);
    }
    recorder.clock = 7n * SECOND;
    task.tick(recorder.clock);
    expect(recorder.published.map(([, message]) => message.group)).toEqual(['host=a', 'host=b']);
    expect(recorder.unpublished).toEqual([['last', 'host=a']]);
  });
});
