import type { AlertEvent, Point } from '@vigil/core';
import { createTaskFromScript } from '../../task/create-task-from-script';

function run(script: string, points: readonly Point[]): string[] {
  const events: AlertEvent[] = [];
  const task = createTaskFromScript(script, {
    taskName: 't',
    now: () => 0n,
    emitEvent: (event) => events.push(event),
    emitPoint: () => undefined,
    log: () => undefined,
    publish: () => undefined,
  });
  for (const point of points) task.write(point);
  return events.map((event) => `${event.id} ${event.level}`);
}

const point = (name: string, tags: Record<string, string>, v: number, second: number): Point => ({
  database: 'vigil',
  retentionPolicy: 'autogen',
  name,
  tags,
  fields: { v },
  time: BigInt(second) * 1_000_000_000n,
});

describe('alert ids rendered once per group', () => {
  it('still renders per point when the id reads a tag that is not a group-by tag', () => {
    const script = `dbrp "vigil"."autogen"
stream|from().measurement('m').groupBy('region')
  |alert().id('{{ index .Tags "host" }}').crit(lambda: "v" > 1).post('http://x')`;
    const points = [point('m', { region: 'eu', host: 'a' }, 5, 1), point('m', { region: 'eu', host: 'b' }, 5, 2), point('m', { region: 'eu', host: 'c' }, 5, 3)];
    expect(run(script, points)).toEqual(['a CRITICAL', 'b CRITICAL', 'c CRITICAL']);
  });

  it('keeps the measurement in the id of a group that sees several measurements', () => {
    const script = `dbrp "vigil"."autogen"
stream|from().groupBy('host')
  |alert().id('{{ .Name }}/{{ index .Tags "host" }}').crit(lambda: "v" > 1).post('http://x')`;
    const points = [point('cpu', { host: 'a' }, 5, 1), point('cpu', { host: 'a' }, 5, 2), point('mem', { host: 'a' }, 5, 3)];
    expect(run(script, points)).toEqual(['cpu/a CRITICAL', 'cpu/a CRITICAL', 'mem/a CRITICAL']);
  });

  it('gives each group its own id when the id reads group-by tags', () => {
    const script = `dbrp "vigil"."autogen"
stream|from().measurement('m').groupBy('host')
  |alert().id('x_{{ index .Tags "host" }}').crit(lambda: "v" > 1).stateChangesOnly().post('http://x')`;
    const events = run(script, [point('m', { host: 'a' }, 5, 1), point('m', { host: 'b' }, 5, 2), point('m', { host: 'a' }, 0, 3), point('m', { host: 'b' }, 0, 4)]);
    expect(events).toEqual(['x_a CRITICAL', 'x_b CRITICAL', 'x_a OK', 'x_b OK']);
  });
});
