import { httpGet, waitFor } from '@vigil/testing';
import { byAlertId } from './support/alert-receiver';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/** The log lines of the server whose message is `msg`, parsed. */
function linesWith(stdout: string, msg: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Issue 14: while a handler target fails, `vigil serve` logs it once when it starts failing and
 * once when it delivers again, as the notifier does (the shared OutageWatch), never once per
 * failed attempt; the failing-target gauge says so meanwhile. The seed's points are years old:
 * the delivery latency is measured from their acceptance, not from their time.
 */
describe('vigil serve: a handler target failing, then back', () => {
  const fixture = useServeFixture('outage');
  const receiver = fixture.receiver;

  it('logs one line when the target starts failing and one when it recovers', async () => {
    const seed = seedGolden(await receiver.start());
    receiver.status = 503;
    const serve = await fixture.serve(['--task', fixture.file('provider_health.tick', seed.task)]);
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    // Several refused attempts: retries of both alert ids' lanes, all within one outage.
    await waitFor(() => receiver.refused >= 4, { timeoutMs: 30_000, what: 'refused attempts' });
    expect((await httpGet(`${serve.url}/metrics`)).body).toMatch(/^vigil_notifier_failing_targets\{[^}]*handler="post"[^}]*\} 1$/m);

    receiver.status = 200;
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 60_000, what: 'the seed deliveries' });
    const metrics = (await httpGet(`${serve.url}/metrics`)).body;
    expect(await serve.stop()).toBe(0);

    const stdout = serve.process.stdout();
    const failing = linesWith(stdout, 'handler target failing; deliveries retry with backoff');
    const back = linesWith(stdout, 'handler target delivering again');
    expect(failing).toHaveLength(1);
    expect(back).toHaveLength(1);
    expect(failing[0]).toMatchObject({ level: 'warn', handler: 'post', target: back[0]?.['target'] });
    expect(back[0]?.['failedAttempts']).toBeGreaterThanOrEqual(4);
    expect(receiver.byAlertId()).toEqual(byAlertId(seed.expected.map((json) => `${json}\n`)));
    expect(metrics).toMatch(/^vigil_notifier_failing_targets\{[^}]*handler="post"[^}]*\} 0$/m);
    // From acceptance: the outage's length at most, far from the points' years.
    const latency = Number(/^vigil_notifier_delivery_latency_seconds_sum\{[^}]*handler="post"[^}]*\} (\S+)$/m.exec(metrics)?.[1]);
    expect(latency).toBeLessThan(seed.expected.length * 600);
  });
});
