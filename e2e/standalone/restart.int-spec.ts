import type { Point } from '@vigil/core';
import { SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { formatPoints } from '@vigil/line-protocol';
import { waitFor } from '@vigil/testing';
import { oracleByAlertId } from '../evaluator/support/alert-oracle';
import { providerHealthTickPostingTo, providerPoints } from '../evaluator/support/provider-points';
import { useServeFixture } from './support/serve-fixture';
import type { ServeProcess } from './support/standalone-process';

const POINTS = 6_000;
const LINES_PER_REQUEST = 500;

/**
 * Issue 5, standalone: a restart in the middle keeps alert state. The first half of a provider
 * stream goes in, the server is stopped (SIGTERM) or killed (SIGKILL) right after the last write
 * was answered, a new server starts on the same data folder and takes the second half. The broker
 * must have received, per alert id and in order, exactly the events of one uninterrupted replay:
 * a lost stateCount or alert level would show as a CRITICAL repeated or missing.
 */
describe.each([
  { how: 'SIGTERM', stop: (serve: ServeProcess) => serve.stop(), exit: 0 as number | string },
  { how: 'SIGKILL', stop: (serve: ServeProcess) => serve.kill(), exit: 'SIGKILL' as number | string },
])('vigil serve restarted mid-stream ($how)', ({ how, stop, exit }) => {
  const fixture = useServeFixture('restart');
  const receiver = fixture.receiver;

  it('delivers exactly the replay oracle per alert id', async () => {
    const url = await receiver.start();
    const script = providerHealthTickPostingTo(url);
    const taskFile = fixture.file('provider_health.tick', script);
    const points = providerPoints({ count: POINTS, resources: 20, providers: 5, seed: 5 });
    const half = points.length / 2;
    const oracle = oracleByAlertId('provider_health', script, SERIES_PARTITION_KEYS, points);
    const expected = [...oracle.values()].reduce((sum, list) => sum + list.length, 0);
    // The cut must fall inside a failure run, or losing the state would go unnoticed.
    expect(criticalAcrossCut(points, half)).toBeGreaterThan(0);

    const first = await fixture.serve(['--task', taskFile]);
    await write(first.url, points.slice(0, half));
    expect(await stop(first)).toBe(exit);

    // The task is in the data folder now: no --task on the restart.
    const second = await fixture.serve();
    await write(second.url, points.slice(half));
    await waitFor(() => collapsed(receiver.byAlertId()).total >= expected, { timeoutMs: 60_000, what: `${expected} distinct deliveries` });
    expect(await second.stop()).toBe(0);

    const { byAlertId, total } = collapsed(receiver.byAlertId());
    const repeats = receiver.bodies.length - total;
    console.log(`standalone restart (${how}): ${POINTS} points, ${oracle.size} alert ids, ${expected} events expected, ${receiver.bodies.length} deliveries, ${repeats} repeated sends`);
    expect(byAlertId).toEqual(oracle);
    // The ledger is marked only after a send, and a lane (alert id, handler) sends its next event
    // only after the mark: a kill leaves at most one sent-but-unmarked event per lane to resend.
    if (how === 'SIGTERM') expect(repeats).toBe(0);
    else expect(repeats).toBeLessThanOrEqual(oracle.size);
  });
});

async function write(url: string, points: readonly Point[]): Promise<void> {
  for (let i = 0; i < points.length; i += LINES_PER_REQUEST) {
    const response = await fetch(`${url}/write?db=vigil&rp=autogen`, { method: 'POST', body: formatPoints(points.slice(i, i + LINES_PER_REQUEST)) });
    expect(response.status).toBe(204);
  }
}

/**
 * Bodies per alert id without immediate repeats of the same body (a send repeated after a kill,
 * which the receiver saw twice), the JSON without its newline, as the oracle holds it.
 */
function collapsed(byId: Map<string, string[]>): { byAlertId: Map<string, string[]>; total: number } {
  const byAlertId = new Map<string, string[]>();
  let total = 0;
  for (const [id, bodies] of byId) {
    const list = bodies.filter((body, i) => i === 0 || body !== bodies[i - 1]).map((body) => body.replace(/\n$/, ''));
    byAlertId.set(id, list);
    total += list.length;
  }
  return { byAlertId, total };
}

/** Groups that have failed at least twice in a row at the cut and fail again right after it. */
function criticalAcrossCut(points: readonly Point[], cut: number): number {
  const run = new Map<string, number>();
  const failing = new Set<string>();
  points.forEach((point, i) => {
    const group = `${point.tags['nome_recurso']}/${point.tags['nome_provedor']}`;
    const failed = point.fields['sucesso'] === 0n;
    if (i < cut) run.set(group, failed ? (run.get(group) ?? 0) + 1 : 0);
    else if (!failing.has(group) && (run.get(group) ?? 0) >= 2) {
      if (failed) failing.add(group);
      run.set(group, 0);
    }
  });
  return failing.size;
}
