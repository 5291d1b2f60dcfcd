import { httpGet, waitFor } from '@vigil/testing';
import { byAlertId } from './support/alert-receiver';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/**
 * Issue 5, standalone: the seed scenario end to end through `vigil serve`, with no Kafka and no
 * Redis. The seed's points are POSTed to /write; the seed task's `.post()` points at a test
 * broker, which must receive exactly Kapacitor's payloads (JSON and a newline), per alert id in
 * order.
 */
describe('vigil serve: seed scenario from /write to an HTTP broker', () => {
  const fixture = useServeFixture('seed');
  const receiver = fixture.receiver;

  it('delivers the seed payloads byte for byte and stops cleanly', async () => {
    const seed = seedGolden(await receiver.start());
    const serve = await fixture.serve(['--task', fixture.file('provider_health.tick', seed.task)]);

    expect((await httpGet(`${serve.url}/health/ready`)).status).toBe(200);
    const response = await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines });
    expect(response.status).toBe(204);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: `${seed.expected.length} deliveries` });

    expect(receiver.byAlertId()).toEqual(byAlertId(seed.expected.map((json) => `${json}\n`)));
    const pa = receiver.byAlertId().get('status_provedor_p1pa') ?? [];
    expect(pa.map((body) => (JSON.parse(body) as { level: string }).level)).toEqual(['INFO', 'CRITICAL', 'INFO']);
    expect(pa[1]).toBe(`${seed.expected[2]}\n`);
    expect(pa[2]).toBe(`${seed.expected[4]}\n`);

    // A delivery is counted at its ledger mark, which is written after the receiver answered.
    const delivered = /vigil_notifier_deliveries_total\{[^}]*outcome="delivered"[^}]*\} (\d+)/;
    const metrics = await waitFor(
      async () => {
        const got = await httpGet(`${serve.url}/metrics`);
        return Number(delivered.exec(got.body)?.[1] ?? 0) >= 5 && got;
      },
      { timeoutMs: 10_000, what: '5 deliveries marked in /metrics' },
    );
    expect(metrics.body).toMatch(/vigil_ingest_points_accepted_total\{[^}]*endpoint="write"[^}]*\} 8/);
    expect(metrics.body).toMatch(/vigil_notifier_deliveries_total\{[^}]*outcome="delivered"[^}]*\} 5/);

    expect(await serve.stop()).toBe(0);
    expect(serve.process.stdout()).toContain('"msg":"stopped"');
    // Nothing more arrives after the stop: every event was delivered once.
    expect(receiver.bodies).toHaveLength(seed.expected.length);
  });
});
