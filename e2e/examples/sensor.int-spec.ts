import { waitFor } from '@vigil/testing';
import { sensorLines } from '../../examples/sensor/sensor-data';
import { byAlertId } from '../standalone/support/alert-receiver';
import { useServeFixture } from '../standalone/support/serve-fixture';
import { exampleFile, exampleTasks, lines, postingTo, runVigil } from './support/examples';
import { sensorOracle, sensorTime } from './support/sensor-oracle';

interface AlertJson {
  readonly id: string;
  readonly level: string;
  readonly time: string;
  readonly duration: number;
  readonly data: { readonly series: readonly { readonly columns: readonly string[]; readonly values: readonly (readonly unknown[])[] }[] };
}

const expected = lines(exampleFile('sensor', 'expected.jsonl'));

/** A field of the point an event carries. */
function fieldValue(alert: AlertJson, field: string): number {
  const series = alert.data.series[0];
  return Number(series?.values[0]?.[series.columns.indexOf(field)]);
}

/**
 * examples/sensor (shared seed 002): the data file is what its generator writes, expected.jsonl says
 * what the rules say when worked out without the engine (support/sensor-oracle.ts), every task
 * replayed gives exactly its lines, and `vigil serve` running all the tasks delivers them to their
 * `.post()` handler.
 */
describe('examples/sensor', () => {
  const fixture = useServeFixture('example-sensor');

  it('holds the points its generator writes', () => {
    expect(exampleFile('sensor', 'sensor.lp')).toBe(sensorLines());
  });

  it('expects the events the rules give when worked out by hand', () => {
    const alerts = expected.map((line) => JSON.parse(line) as AlertJson);
    const oracle = sensorOracle();
    expect(alerts.map((alert) => [alert.id, alert.level, alert.time, alert.duration])).toEqual(
      oracle.map((event) => [event.id, event.level, sensorTime(event.second), event.durationSeconds * 1e9]),
    );
    oracle.forEach((event, i) => expect(fieldValue(alerts[i] as AlertJson, event.field)).toBeCloseTo(event.value, 6));
  });

  it('gives exactly expected.jsonl through vigil replay, task by task', async () => {
    const data = fixture.file('sensor.lp', exampleFile('sensor', 'sensor.lp'));
    const printed: string[] = [];
    for (const task of exampleTasks('sensor')) {
      const run = await runVigil('replay', '--tick', fixture.file(task, exampleFile('sensor', task)), '--data', data);
      expect({ task, code: run.code }).toEqual({ task, code: 0 });
      printed.push(...lines(run.stdout));
    }
    expect(printed).toEqual(expected);
  });

  it('delivers the same events through vigil serve', async () => {
    const url = await fixture.receiver.start();
    const tasks = exampleTasks('sensor').flatMap((task) => ['--task', fixture.file(task, postingTo(exampleFile('sensor', task), url))]);
    const serve = await fixture.serve(tasks);
    const written = await fetch(`${serve.url}/write?db=sensors&rp=autogen`, { method: 'POST', body: exampleFile('sensor', 'sensor.lp') });
    expect(written.status).toBe(204);
    await waitFor(() => fixture.receiver.bodies.length >= expected.length, { timeoutMs: 30_000, what: `${expected.length} deliveries` });
    expect(fixture.receiver.byAlertId()).toEqual(byAlertId(expected.map((line) => `${line}\n`)));
    expect(await serve.stop()).toBe(0);
    expect(fixture.receiver.bodies).toHaveLength(expected.length);
  });
});
