import { httpGet, waitFor } from '@vigil/testing';
import { byAlertId } from './support/alert-receiver';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/** The value of the first series of `name` whose labels hold `label` (e.g. `task="x"`). */
function metric(body: string, name: string, label = ''): number | undefined {
  const line = body.split('\n').find((text) => (text.startsWith(`${name}{`) || text.startsWith(`${name} `)) && text.includes(label));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Issue 11, item 1, standalone: retried writes through `vigil serve` are evaluated once. The seed's
 * points go in two requests; the first is sent again (a writer retrying after a 500), then part
 * of it again inside the second (Telegraf's next batch), then the second again. The task sees each
 * of the 8 points once and the broker gets the seed's 5 payloads, as from one write.
 */
describe('vigil serve: retried writes', () => {
  const fixture = useServeFixture('retried-writes');
  const receiver = fixture.receiver;

  it('evaluates every point once and delivers the seed payloads once', async () => {
    const seed = seedGolden(await receiver.start());
    const serve = await fixture.serve(['--task', fixture.file('provider_health.tick', seed.task)]);
    const lines = seed.lines.split('\n').filter((line) => line !== '');
    const first = lines.slice(0, 4);
    const second = lines.slice(4);
    const requests = [first, first, [...first.slice(2), ...second], second];
    for (const body of requests) {
      const response = await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: `${body.join('\n')}\n` });
      expect(response.status).toBe(204);
    }
    await waitFor(async () => metric((await httpGet(`${serve.url}/metrics`)).body, 'vigil_standalone_lag_records') === 0, { timeoutMs: 30_000, what: 'the point log evaluated' });
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: `${seed.expected.length} deliveries` });

    // Every line written is acknowledged (each request is a write of its own); each point is evaluated once.
    const metrics = (await httpGet(`${serve.url}/metrics`)).body;
    expect(metric(metrics, 'vigil_evaluator_task_points_total', 'task="provider_health"')).toBe(lines.length);
    expect(metric(metrics, 'vigil_ingest_points_accepted_total', 'endpoint="write"')).toBe(requests.flat().length);
    expect(receiver.byAlertId()).toEqual(byAlertId(seed.expected.map((json) => `${json}\n`)));
    expect(await serve.stop()).toBe(0);
    expect(receiver.bodies).toHaveLength(seed.expected.length);
  });
});
