import { lines, scriptTask, SECOND } from '../../testing/script-harness.test';

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

  it('with align() reports at interval boundaries, times rounded to the interval', () => {
    const { task, recorder } = scriptTask(`var data = stream|from()\ndata|httpOut('data')\ndata|stats(10s).align()|httpOut('out')`);
    task.tick(3n * SECOND);
    task.write(lines('m v=1 4')[0]!);
    task.tick(9n * SECOND);
    task.tick(10n * SECOND + 2n);
    expect(recorder.outPoints().map((p) => p.time)).toEqual([10n * SECOND]);
  });
});
