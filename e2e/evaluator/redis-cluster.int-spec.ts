import { waitFor } from '@vigil/testing';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { OwnRedisCluster } from './support/own-redis-cluster';
import { rebuildCounts } from './support/state-rebuilds';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

const PARTITIONS = 6;

/** `partition:reason:coverage` of each error line about rebuilt state (pino JSON), counted. */
function rebuildLines(stdout: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    if (!line.includes('"rebuild"')) continue;
    const entry = JSON.parse(line) as { partition: number; rebuild: { reason: string; coverage: string }; level: string | number };
    if (entry.level !== 'error' && entry.level !== 50) continue;
    const key = `${entry.partition}:${entry.rebuild.reason}:${entry.rebuild.coverage}`;
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  return found;
}

/**
 * Issue 10, item 4: the evaluator keeps its checkpoints in a Redis Cluster of three masters (each
 * partition's keys on one slot through their hash tag, saved by one script), and a master
 * SIGKILLed mid-stream is taken over by its replica. Replication is asynchronous, so the replica
 * may lack the last saves: the evaluator then sees a store that went back (item 3) and rebuilds.
 * Either way the alerts are the replay oracle's, and every rebuild is logged and counted.
 */
describe('evaluator state in a Redis Cluster', () => {
  let redis: OwnRedisCluster;
  let cluster: EvaluatorCluster;

  beforeAll(async () => {
    redis = await OwnRedisCluster.start();
    cluster = new EvaluatorCluster({
      tasks: { provider_health: PROVIDER_HEALTH_TICK },
      partitionKeys: PROVIDER_KEYS,
      pointsPartitions: PARTITIONS,
      redisUrl: redis.url,
      redisEnv: { REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: redis.nodes },
    });
    await cluster.setUp();
  });
  afterAll(async () => {
    await cluster?.tearDown();
    redis?.remove();
  });

  it('spreads the checkpoints over the masters, survives a master killed mid-stream and gives the replay oracle', async () => {
    const seed = Date.now() % 1_000_000;
    const points = providerPoints({ count: 30_000, resources: 100, providers: 5, seed });
    await cluster.produce(points);
    const before = redis.masters().sort();
    expect(before).toHaveLength(3);
    const evaluator = await cluster.startEvaluator();
    await waitFor(async () => (await cluster.progress()) >= 0.3, { timeoutMs: 120_000, intervalMs: 50, what: '30% evaluated' });
    const victim = before[0] as number;
    redis.killMaster(victim);
    await redis.waitUntilHealed();
    const after = redis.masters().sort();
    await cluster.waitUntilEvaluated();

    const alerts = await cluster.readAlerts();
    const { byAlertId, total, unique } = uniqueEventsByAlertId(alerts, 'provider_health');
    const oracle = oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points);
    const rebuilds = rebuildCounts(await cluster.metrics(evaluator));
    const lines = rebuildLines(evaluator.process.stdout());
    // Each partition's checkpoint hash sits on some master (found by SCAN on every master).
    const checkpoints = redis.keysOnMasters(`{${cluster.id}:checkpoint:*}`);
    console.log(
      `redis cluster test (seed ${seed}): ${points.length} points, ${unique} distinct events, ${total - unique} repeats; masters ${before.join(',')} -> ${after.join(',')} (killed ${victim}); checkpoints per master ${JSON.stringify(redis.keyCountsByMaster(`{${cluster.id}:checkpoint:*`))}; rebuilds ${JSON.stringify([...rebuilds])}`,
    );
    expect(checkpoints).toHaveLength(PARTITIONS);
    expect(after).not.toContain(victim);
    expect(after).toHaveLength(3);
    expect(byAlertId).toEqual(oracle);
    // A replica that missed saves is a store that went back: never silent, each rebuild one error line and one count.
    expect(rebuilds).toEqual(lines);
    expect([...lines.keys()].every((key) => key.includes(':behind:') || key.includes(':missing:'))).toBe(true);
  });
});
