import type { Task } from '../../task/task';
import { lines, scriptTask, SECOND, type Recorder } from '../../testing/script-harness.test';

const SCRIPT = `var data = stream|from().groupBy('host')
data|httpOut('data')
data|stats(10s)|httpOut('out')`;

describe('stats node', () => {
  it('reports, one interval after the first tick, the points its source emitted per group', () => {
    const { task, recorder } = scriptTask(SCRIPT);
    task.tick(3n * SECOND);
    for (const point of lines(`m,host=a v=1 1\nm,host=b v=1 2\nm,host=a v=1 3\nm,host=c v=1 4`)) task.write(point);
    task.tick(12n * SECOND);
    expect(recorder.outPoints()).toEqual([]);
    task.tick(13n * SECOND);
    const points = recorder.outPoints();
    expect(points.map((p) => [p.name, p.tags, p.fields, p.time])).toEqual([
      ['stats', { host: 'a' }, { emitted: 2n }, 13n * SECOND],
      ['stats', { host: 'b' }, { emitted: 1n }, 13n * SECOND],
      ['stats', { host: 'c' }, { emitted: 1n }, 13n * SECOND],
    ]);
    expect(recorder.out().map((message) => message.group)).toEqual(['host=a', 'host=b', 'host=c']);
  });

  it('keeps counting cumulatively and reports every interval', () => {
    const { task, recorder } = scriptTask(SCRIPT);
    task.tick(0n);
    task.write(lines('m,host=a v=1 1')[0]!);
    task.tick(10n * SECOND);
    task.write(lines('m,host=a v=1 11')[0]!);
    task.tick(15n * SECOND);
    task.tick(20n * SECOND);
    expect(recorder.outPoints().map((p) => [p.fields['emitted'], p.time])).toEqual([
      [1n, 10n * SECOND],
      [2n, 20n * SECOND],
    ]);
  });

  it('tells its task when its next report falls due, for a host that moves the clock in jumps (a replay)', () => {
    const { task } = scriptTask(`var data = stream|from()\ndata|httpOut('data')\ndata|stats(10s).align()|httpOut('out')`);
    expect(task.nextTickDue()).toBeUndefined();
    task.tick(3n * SECOND);
    expect(task.nextTickDue()).toBe(10n * SECOND);
    task.tick(47n * SECOND);
    expect(task.nextTickDue()).toBe(50n * SECOND);
    expect(scriptTask(`stream|from()|httpOut('data')`).task.nextTickDue()).toBeUndefined();
  });

  it('with align() reports at interval boundaries, times rounded to the interval', () => {
    const { task, recorder } = scriptTask(`var data = stream|from()\ndata|httpOut('data')\ndata|stats(10s).align()|httpOut('out')`);
    task.tick(3n * SECOND);
    task.write(lines('m v=1 4')[0]!);
    task.tick(9n * SECOND);
    task.tick(10n * SECOND + 2n);
    expect(recorder.outPoints().map((p) => p.time)).toEqual([10n * SECOND]);
  });

  describe('restored from a snapshot taken mid-interval', () => {
    /** Ticks every second from 3s to 41s with a point of host a or b now and then; cut before `cutAt` (s). */
    function run(script: string, cutAt: number | undefined): Recorder {
      const { recorder, task: first } = scriptTask(script);
      let task = first;
      for (let second = 3; second <= 41; second++) {
        if (second === cutAt) task = resumed(task, script, recorder);
        if (second % 7 === 0) task.write(lines(`m,host=${second % 2 === 0 ? 'a' : 'b'} v=1 ${second}`)[0]!);
        recorder.clock = BigInt(second) * SECOND;
        task.tick(recorder.clock);
      }
      return recorder;
    }

    /** A fresh task of the same script, given the old one's state through JSON, as a checkpoint is. */
    function resumed(task: Task, script: string, recorder: Recorder): Task {
      const saved: unknown = JSON.parse(JSON.stringify(task.snapshot()));
      const fresh = scriptTask(script, recorder).task;
      fresh.restore(saved);
      return fresh;
    }

    const reports = (recorder: Recorder): unknown[] => recorder.outPoints().map((p) => [p.tags, p.fields, p.time]);

    it.each([
      ['unaligned', SCRIPT],
      ['aligned', `var data = stream|from().groupBy('host')\ndata|httpOut('data')\ndata|stats(10s).align()|httpOut('out')`],
    ])('%s: reports at the times and with the counts of the run that never stopped', (_name, script) => {
      const straight = run(script, undefined);
      // The unaligned interval started at the first tick (3s); the aligned one at 10s boundaries.
      expect(new Set(straight.outPoints().map((p) => p.time / SECOND))).toEqual(script.includes('align') ? new Set([10n, 20n, 30n, 40n]) : new Set([13n, 23n, 33n]));
      // Cuts 8s into the unaligned interval (at 11s, its next report at 13s), 9s into the aligned
      // one (at 19s), and at a tick that reports (30s): a node that started its interval anew
      // would skip the report at 13s, or at 30s.
      for (const cutAt of [11, 19, 27, 30]) expect(reports(run(script, cutAt))).toEqual(reports(straight));
    });
  });
});
