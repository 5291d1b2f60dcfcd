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
 * points go in two requests; the first is sent again after the server restarted (a writer retrying
 * after a 500), then part of it again inside the second (Telegraf's next batch), then the second
 * again. The task sees each
 * of the 8 points once and the broker gets the seed's 5 payloads, as from one write.
 */
describe('vigil serve: retried writes', () => {
  const fixture = useServeFixture('retried-writes');
  const receiver = fixture.receiver;

  it('evaluates every point once and delivers the seed payloads once, across a restart', async () => {
    const seed = seedGolden(await receiver.start());
    const args = ['--task', fixture.file('provider_health.tick', seed.task)];
    const lines = seed.lines.split('\n').filter((line) => line !== '');
    const first = lines.slice(0, 4);
    const second = lines.slice(4);
    const write = async (url: string, body: readonly string[]) => {
      const response = await fetch(`${url}/write?db=vigil&rp=autogen`, { method: 'POST', body: `${body.join('\n')}\n` });
      expect(response.status).toBe(204);
    };
    const evaluated = (url: string) => waitFor(async () => metric((await httpGet(`${url}/metrics`)).body, 'vigil_standalone_lag_records') === 0, { timeoutMs: 30_000, what: 'the point log evaluated' });

    // The first request, and its retry once the server was restarted: the window comes back
    // from the checkpoint.
    const before = await fixture.serve(args);
    await write(before.url, first);
    await evaluated(before.url);
    const pointsBefore = metric((await httpGet(`${before.url}/metrics`)).body, 'vigil_evaluator_task_points_total', 'task="provider_health"');
    expect(await before.stop()).toBe(0);
    const serve = await fixture.serve(args);
    const requests = [first, [...first.slice(2), ...second], second];
    for (const body of requests) await write(serve.url, body);
    await evaluated(serve.url);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: `${seed.expected.length} deliveries` });

    // Every line written is acknowledged (each request is a write of its own); each point is evaluated once.
    const metrics = (await httpGet(`${serve.url}/metrics`)).body;
    expect(pointsBefore).toBe(first.length);
    expect(metric(metrics, 'vigil_evaluator_task_points_total', 'task="provider_health"')).toBe(second.length);
    expect(metric(metrics, 'vigil_ingest_points_accepted_total', 'endpoint="write"')).toBe(requests.flat().length);
    expect(receiver.byAlertId()).toEqual(byAlertId(seed.expected.map((json) => `${json}\n`)));
    expect(await serve.stop()).toBe(0);
    expect(receiver.bodies).toHaveLength(seed.expected.length);
  });
});
