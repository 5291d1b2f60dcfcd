import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@vigil/testing';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints, randomSource } from './support/provider-points';

/**
 * Issue 4, test 2: 50,000 points over 500 groups through two evaluator processes, one of which is
 * killed with SIGKILL at a random moment of the evaluation and restarted. The alerts topic, taken
 * once per event id, must equal the replay oracle per alert id and in order.
 */
describe('evaluator crash (SIGKILL) with exactly-once state', () => {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 6 });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('gives the replay oracle per alert id after one evaluator was killed mid-stream', async () => {
    const seed = Date.now() % 1_000_000;
    const random = randomSource(seed);
    const points = providerPoints({ count: 50_000, resources: 100, providers: 5, seed });
    // A backlog keeps both evaluators busy, and the kill follows an alerts-topic write at once,
    // so it often lands between writing a batch's events and saving its checkpoint.
    await cluster.produce(points);
    const started = Date.now();
    const [victim] = await Promise.all([cluster.startEvaluator(), cluster.startEvaluator()]);
    const killAt = 0.15 + random() * 0.5;
    await waitFor(async () => (await cluster.progress()) >= killAt, { timeoutMs: 120_000, intervalMs: 50, what: `${Math.round(killAt * 100)}% evaluated` });
    await cluster.nextAlertWrite();
    victim!.process.child.kill('SIGKILL');
    const progressAtKill = await cluster.progress();
    await victim!.process.exited;
    await sleep(Math.floor(random() * 1_000));
    await cluster.startEvaluator();
    await cluster.waitUntilEvaluated();
    const seconds = (Date.now() - started) / 1000;

    const alerts = await cluster.readAlerts();
    const { byAlertId, total, unique } = uniqueEventsByAlertId(alerts, 'provider_health');
    const oracle = oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points);
    console.log(
      `crash test (seed ${seed}): ${points.length} points, ${oracle.size} alert ids, ${unique} distinct events, ${total - unique} repeats on the topic; SIGKILL at ${Math.round(progressAtKill * 100)}% evaluated; ${seconds.toFixed(1)} s from the first start to all committed`,
    );
    expect(oracle.size).toBe(500);
    expect(byAlertId).toEqual(oracle);
  });
});
