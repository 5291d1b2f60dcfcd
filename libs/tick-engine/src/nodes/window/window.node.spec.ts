import type { Message } from '../../runtime/message';
import { run } from '../../testing/script-harness.test';

/** Each batch as [tmax in s, point times in s]. */
function batches(messages: readonly Message[]): [number, number[]][] {
  return messages.map((message) => {
    if (message.kind !== 'batch') throw new Error('expected a batch');
    return [Number(message.tmax / 1_000_000_000n), message.points.map((point) => Number(point.time / 1_000_000_000n))];
  });
}

function times(seconds: readonly number[], tags = ''): string {
  return seconds.map((t) => `cpu${tags} v=${t} ${t}`).join('\n');
}

describe('window node by time', () => {
  it('emits [nextEmit - period, nextEmit) when a later point arrives, boundaries following the data', () => {
    // First point at 0: nextEmit 5. At 6: emit (5, [0 2 4]), nextEmit 6+5 = 11. At 11: purge < 1,
    // emit (11, [2 4 6 8]), nextEmit 16. At 20: purge < 6, emit (16, [6 8 11 13]).
    const recorder = run(`stream|from()|window().period(10s).every(5s)|httpOut('out')`, times([0, 2, 4, 6, 8, 11, 13, 20]));
    expect(batches(recorder.out())).toEqual([
      [5, [0, 2, 4]],
      [11, [2, 4, 6, 8]],
      [16, [6, 8, 11, 13]],
    ]);
  });

  it('aligns boundaries to every with align()', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s).align()|httpOut('out')`, times([3, 7, 12, 25]));
    expect(batches(recorder.out())).toEqual([
      [10, [3, 7]],
      [20, [12]],
    ]);
  });

  it('emits an empty batch when the gap is longer than the period', () => {
    const recorder = run(`stream|from()|window().period(5s).every(10s)|httpOut('out')`, times([0, 12]));
    expect(batches(recorder.out())).toEqual([[10, []]]);
  });

  it('emits (t - period, t] for every point when every is not set', () => {
    const recorder = run(`stream|from()|window().period(10s)|httpOut('out')`, times([0, 5, 12]));
    expect(batches(recorder.out())).toEqual([
      [0, [0]],
      [5, [0, 5]],
      [12, [5, 12]],
    ]);
  });

  it('waits for a full first period with fillPeriod()', () => {
    const recorder = run(`stream|from()|window().period(10s).every(5s).fillPeriod()|httpOut('out')`, times([0, 3, 6, 9, 11]));
    expect(batches(recorder.out())).toEqual([[10, [0, 3, 6, 9]]]);
  });

  it('aligns the first emit after a full period with fillPeriod() and align()', () => {
    // 3 + 10 = 13, truncated to 10, not after 13: the first emit is at 15, and its window
    // [5, 15) leaves out the first point (Kapacitor: "this means we will drop the first few points").
    const recorder = run(`stream|from()|window().period(10s).every(5s).fillPeriod().align()|httpOut('out')`, times([3, 14, 15]));
    expect(batches(recorder.out())).toEqual([[15, [14]]]);
  });

  it('keeps windows per group, advanced only by that group', () => {
    const input = `cpu,host=a v=1 0\ncpu,host=b v=1 1\ncpu,host=a v=1 12\ncpu,host=b v=1 5`;
    const recorder = run(`stream|from().groupBy('host')|window().period(10s).every(10s)|httpOut('out')`, input);
    expect(recorder.out().map((message) => message.group)).toEqual(['host=a']);
  });

  it('purges in insertion order: a late point behind a kept one survives', () => {
    // Buffer [0, 8, 3]; the purge before 10 - 5 = 5 drops 0 and stops at 8, so 3 stays.
    const recorder = run(`stream|from()|window().period(5s).every(10s)|httpOut('out')`, times([0, 8, 3, 12]));
    expect(batches(recorder.out())).toEqual([[10, [8, 3]]]);
  });

  it('names the batch after the group and carries the group tags', () => {
    const recorder = run(`stream|from().groupBy('host')|window().period(10s).every(10s)|httpOut('out')`, `cpu,host=a,dc=x v=1 0\ncpu,host=a,dc=y v=2 11`);
    const [batch] = recorder.out();
    expect(batch?.kind === 'batch' && [batch.name, batch.groupTags, batch.points[0]?.tags]).toEqual(['cpu', { host: 'a' }, { dc: 'x', host: 'a' }]);
  });
});

describe('window node by count', () => {
  it('emits the last periodCount points every everyCount points', () => {
    const recorder = run(`stream|from()|window().periodCount(3).everyCount(1)|httpOut('out')`, times([1, 2, 3, 4, 5]));
    expect(batches(recorder.out())).toEqual([
      [1, [1]],
      [2, [1, 2]],
      [3, [1, 2, 3]],
      [4, [2, 3, 4]],
      [5, [3, 4, 5]],
    ]);
  });

  it('waits for a full window with fillPeriod()', () => {
    const recorder = run(`stream|from()|window().periodCount(3).everyCount(2).fillPeriod()|httpOut('out')`, times([1, 2, 3, 4, 5, 6, 7]));
    expect(batches(recorder.out())).toEqual([
      [3, [1, 2, 3]],
      [5, [3, 4, 5]],
      [7, [5, 6, 7]],
    ]);
  });
});
