import { waitFor } from '@vigil/testing';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/** The task API takes changes only as JSON (the access guard refuses other content types). */
const JSON_TYPE = { 'Content-Type': 'application/json' };

/**
 * Kapacitor's task status on `vigil serve`: a task defined without `"status":"enabled"` is kept
 * but does not run (Kapacitor's default), `kapacitor enable` (a PATCH of the status) starts it
 * with the next points, and a disabled task stays disabled across a restart.
 */
describe("vigil serve: Kapacitor's task status", () => {
  const fixture = useServeFixture('status');
  const receiver = fixture.receiver;

  it('runs a task only while it is enabled', async () => {
    const seed = seedGolden(await receiver.start());
    const first = await fixture.serve();
    const tasks = `${first.url}/kapacitor/v1/tasks`;
    const defined = await fetch(tasks, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ id: 'provider_health', type: 'stream', script: seed.task }) });
    expect(defined.status).toBe(200);
    expect(await defined.json()).toMatchObject({ id: 'provider_health', status: 'disabled', executing: false });

    // 100 s before the seed's own points: the same points written twice would be one point (a
    // retried write, docs/ingest.md), so each phase writes points of its own times.
    await write(first.url, seed.lines.replaceAll('16847130', '16847120'));
    await evaluated(first.url);
    expect(receiver.bodies).toEqual([]);

    const enabled = await fetch(`${tasks}/provider_health`, { method: 'PATCH', headers: JSON_TYPE, body: JSON.stringify({ status: 'enabled' }) });
    expect(await enabled.json()).toMatchObject({ status: 'enabled', executing: true });
    // The task starts empty with the next points, so the seed's points raise the seed's alerts.
    await write(first.url, seed.lines);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: 'the seed deliveries' });
    expect([...receiver.bodies].sort()).toEqual(seed.expected.map((json) => `${json}\n`).sort());

    const disabled = await fetch(`${tasks}/provider_health`, { method: 'PATCH', headers: JSON_TYPE, body: JSON.stringify({ status: 'disabled' }) });
    expect(await disabled.json()).toMatchObject({ status: 'disabled', executing: false });
    expect(await first.stop()).toBe(0);

    const second = await fixture.serve();
    expect(await (await fetch(`${second.url}/kapacitor/v1/tasks/provider_health`)).json()).toMatchObject({ status: 'disabled', executing: false });
    await write(second.url, seed.lines.replaceAll('16847130', '16847140'));
    await evaluated(second.url);
    expect(await second.stop()).toBe(0);
    expect(receiver.bodies).toHaveLength(seed.expected.length);
  });
});

async function write(url: string, lines: string): Promise<void> {
  expect((await fetch(`${url}/write?db=vigil&rp=autogen`, { method: 'POST', body: lines })).status).toBe(204);
}

/** Waits until the evaluator has read every point written (its lag gauge is 0) and the notifier every event. */
async function evaluated(url: string): Promise<void> {
  await waitFor(
    async () => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      return /vigil_standalone_lag_records\{[^}]*log="points"[^}]*\} 0\n/.test(metrics) && /vigil_standalone_lag_records\{[^}]*log="events"[^}]*\} 0\n/.test(metrics);
    },
    { timeoutMs: 30_000, what: 'the evaluator to read every point' },
  );
}
