import { waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/**
 * `/v1/points` takes names line protocol cannot carry exactly: a measurement starting with `{`
 * and a field key ending in a backslash. Ingest writes such points to Kafka in the JSON point
 * encoding and the evaluator reads them; `vigil serve` must store and evaluate them alike, where
 * it used to answer 500 (or mis-read the `{` line as a JSON point).
 */
describe('vigil serve: JSON points line protocol cannot carry', () => {
  const fixture = useServeFixture('json-points');
  const receiver = fixture.receiver;

  it('runs a task on a `{` measurement and a backslash-ended field key written via /v1/points', async () => {
    const url = await receiver.start();
    const task = [
      'dbrp "vigil"."autogen"',
      'stream',
      '  |from()',
      "    .measurement('{odd')",
      '  |alert()',
      "    .id('odd')",
      '    .crit(lambda: "v" > 1)',
      `    .post('${url}')`,
      '',
    ].join('\n');
    const serve = await fixture.serve(['--task', fixture.file('odd.tick', task)]);
    const body = JSON.stringify([{ measurement: '{odd', tags: { host: 'a' }, fields: { v: 2, 'w\\': 'x' }, time: 1_000_000_000 }]);
    expect((await fetch(`${serve.url}/v1/points`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= 1, { timeoutMs: 30_000, what: 'the alert of the { point' });
    const alert = JSON.parse(receiver.bodies[0] ?? '') as { level: string; data: { series: { name: string; columns: string[]; values: unknown[][] }[] } };
    expect(alert.level).toBe('CRITICAL');
    expect(alert.data.series[0]).toMatchObject({ name: '{odd', columns: ['time', 'v', 'w\\'], values: [['1970-01-01T00:00:01Z', 2, 'x']] });
    expect(await serve.stop()).toBe(0);
  });
});
