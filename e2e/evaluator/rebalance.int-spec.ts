import { setTimeout as sleep } from 'node:timers/promises';
import { exitWithin, waitFor } from '@vigil/testing';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

/** Reads one sample of a Prometheus metric from /metrics text (the first line that matches). */
function sample(metrics: string, name: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Issue 4, test 3: a second evaluator joins mid-stream and takes partitions over (their state moves
 * through the checkpoints), later the first one leaves with SIGTERM; the events still equal the
 * replay oracle per alert id.
 */
describe('evaluator rebalance mid-stream', () => {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 6 });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('moves partitions with their state when evaluators join and leave', async () => {
    const seed = Date.now() % 1_000_000;
    const points = providerPoints({ count: 50_000, resources: 100, providers: 5, seed });
    const first = await cluster.startEvaluator();
    const produceRounds = async (from: number, to: number) => {
      const size = 2_500;
      for (let start = Math.floor(points.length * from); start < Math.floor(points.length * to); start += size) {
        await cluster.produce(points.slice(start, Math.min(start + size, Math.floor(points.length * to))));
        await sleep(100);
      }
    };

    // The first 40% arrive while the first evaluator works alone; the second joins in the middle.
    const early = produceRounds(0, 0.4);
    await waitFor(async () => (await cluster.progress()) > 0.25, { timeoutMs: 120_000, intervalMs: 50, what: 'a quarter evaluated' });
    const joinedAt = await cluster.progress();
    const second = await cluster.startEvaluator();
    await early;
    // The next 40% arrive while partitions move to the second, which then owns some of them.
    const middle = produceRounds(0.4, 0.8);
    await waitFor(async () => sample(await cluster.metrics(second), 'vigil_evaluator_partitions_owned') > 0, { timeoutMs: 60_000, intervalMs: 200, what: 'the second evaluator owning partitions' });
    const firstMetrics = await cluster.metrics(first);
    expect(sample(firstMetrics, 'vigil_evaluator_rebalances_total')).toBeGreaterThanOrEqual(2);
    expect(sample(firstMetrics, 'vigil_evaluator_partitions_owned')).toBeLessThan(6);
    await waitFor(async () => (await cluster.progress()) > 0.5, { timeoutMs: 120_000, intervalMs: 50, what: 'half evaluated' });
    // The first leaves (finishing its batches, checkpointing, committing); the last 20% arrive after.
    const leftAt = await cluster.progress();
    first.process.child.kill('SIGTERM');
    expect(await exitWithin(first.process, 20_000)).toBe(0);
    await middle;
    await produceRounds(0.8, 1);
    await cluster.waitUntilEvaluated();
    await waitFor(async () => sample(await cluster.metrics(second), 'vigil_evaluator_partitions_owned') === 6, { timeoutMs: 30_000, intervalMs: 200, what: 'the second evaluator owning every partition' });
    expect(sample(await cluster.metrics(second), 'vigil_evaluator_last_restore_timestamp_seconds')).toBeGreaterThan(0);

    const alerts = await cluster.readAlerts();
    const { byAlertId, total, unique } = uniqueEventsByAlertId(alerts, 'provider_health');
    const oracle = oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points);
    console.log(
      `rebalance test (seed ${seed}): ${points.length} points, ${oracle.size} alert ids, ${unique} distinct events, ${total - unique} repeats; second evaluator joined at ${Math.round(joinedAt * 100)}%, first left at ${Math.round(leftAt * 100)}%`,
    );
    expect(byAlertId).toEqual(oracle);
  });
});
