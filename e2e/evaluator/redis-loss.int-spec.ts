import { setTimeout as sleep } from 'node:timers/promises';
import { partitionKeyFor } from '@vigil/evaluation';
import { partitionForKey } from '@vigil/kafka';
import { httpGet, waitFor } from '@vigil/testing';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster, type Evaluator } from './support/evaluator-cluster';
import { OwnRedis } from './support/own-redis';
import { rebuildCounts } from './support/state-rebuilds';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

const PARTITIONS = 6;

/** The evaluator's error lines about rebuilt state (pino JSON, one per rebuild). */
function rebuildLines(evaluator: Evaluator): { partition: number; reason: string; coverage: string; msg: string }[] {
  return evaluator.process
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"rebuild"'))
    .map((line) => JSON.parse(line) as { partition: number; rebuild: { reason: string; coverage: string }; msg: string; level: string })
    .filter((entry) => entry.level === 'error')
    .map((entry) => ({ partition: entry.partition, reason: entry.rebuild.reason, coverage: entry.rebuild.coverage, msg: entry.msg }));
}

/** Notifications the oracle has that the topic lacks, and ones the topic has that the oracle lacks. */
function differences(actual: Map<string, string[]>, oracle: Map<string, string[]>): { missing: number; wrong: number; total: number } {
  const count = (map: Map<string, string[]>) => {
    const counts = new Map<string, number>();
    for (const list of map.values()) for (const json of list) counts.set(json, (counts.get(json) ?? 0) + 1);
    return counts;
  };
  const expected = count(oracle);
  const got = count(actual);
  let missing = 0;
  let wrong = 0;
  for (const [json, n] of expected) missing += Math.max(0, n - (got.get(json) ?? 0));
  for (const [json, n] of got) wrong += Math.max(0, n - (expected.get(json) ?? 0));
  return { missing, wrong, total: [...expected.values()].reduce((sum, n) => sum + n, 0) };
}

/** The alert ids whose points land on the given points-topic partition. */
function alertIdsOn(partition: number, points: ReturnType<typeof providerPoints>, cluster: EvaluatorCluster): Set<string> {
  const ids = new Set<string>();
  for (const point of points) {
    if (partitionForKey(partitionKeyFor(point, cluster.keys), PARTITIONS) === partition) ids.add(`status_provedor_${point.tags['nome_recurso']}${point.tags['nome_provedor']}`);
  }
  return ids;
}

const without = (map: Map<string, string[]>, ids: Set<string>) => new Map([...map].filter(([id]) => !ids.has(id)));

/**
 * Issue 10, item 3: a store that lost checkpoints is never a silent reset. The state is rebuilt
 * from the oldest retained record without writing again the events written before, one error line
 * per partition says what was lost and what the rebuild covers, and
 * `vigil_evaluator_state_rebuilds_total` counts it.
 */
describe('evaluator state after Redis lost its checkpoints', () => {
  /**
   * Redis is stopped with SIGTERM while the evaluator works through a backlog, kept down long
   * enough for the save in flight to fail, and started again: empty (`reason` missing), or with a
   * snapshot taken earlier in the run, as a replica that missed the writes since (`reason` behind).
   */
  describe.each([
    { comesBack: 'empty', reason: 'missing' },
    { comesBack: 'with an older snapshot', reason: 'behind' },
  ])('Redis restarted mid-stream, coming back $comesBack', ({ comesBack, reason }) => {
    let redis: OwnRedis;
    let cluster: EvaluatorCluster;

    beforeAll(async () => {
      redis = await OwnRedis.create();
      await redis.start();
      cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: PARTITIONS, redisUrl: redis.url });
      await cluster.setUp();
    });
    afterAll(async () => {
      await cluster.tearDown();
      await redis.remove();
    });

    it(`rebuilds the state of the partitions whose saves failed (${reason}) and gives the replay oracle`, async () => {
      const seed = Date.now() % 1_000_000;
      const points = providerPoints({ count: 60_000, resources: 100, providers: 5, seed });
      await cluster.produce(points);
      const evaluator = await cluster.startEvaluator();
      if (reason === 'behind') {
        await waitFor(async () => (await cluster.committed()).size === PARTITIONS, { timeoutMs: 120_000, intervalMs: 20, what: 'every partition committed' });
        redis.snapshot();
        // Every partition saves past its snapshot checkpoint before Redis goes: whichever save
        // fails, the snapshot is behind what the store confirmed.
        const snapshot = await cluster.checkpointOffsets();
        expect(snapshot.size).toBe(PARTITIONS);
        await waitFor(async () => [...(await cluster.committed())].every(([partition, offset]) => offset > (snapshot.get(partition) ?? 0n)), { timeoutMs: 120_000, intervalMs: 20, what: 'every partition past the snapshot' });
      }
      await waitFor(async () => (await cluster.progress()) >= 0.3, { timeoutMs: 120_000, intervalMs: 50, what: '30% evaluated' });
      const stoppedAt = await cluster.progress();
      await redis.stop();
      await waitFor(async () => (await httpGet(`http://127.0.0.1:${evaluator.port}/health/ready`)).status !== 200, { timeoutMs: 30_000, intervalMs: 50, what: 'the evaluator noticing Redis is gone' });
      // ioredis fails a command after three reconnect attempts (about 1.2 s): an outage of 3 s
      // makes the save of the batch in flight fail, as a restart under load does.
      await sleep(3_000);
      await redis.start();
      await cluster.waitUntilEvaluated();

      const alerts = await cluster.readAlerts();
      const { byAlertId, total, unique } = uniqueEventsByAlertId(alerts, 'provider_health');
      const oracle = oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points);
      const diff = differences(byAlertId, oracle);
      const rebuilds = rebuildCounts(await cluster.metrics(evaluator));
      const lines = rebuildLines(evaluator);
      console.log(
        `redis restart test, back ${comesBack} (seed ${seed}): ${points.length} points, ${diff.total} notifications in the oracle, ${unique} distinct events, ${total - unique} repeats; Redis stopped at ${Math.round(stoppedAt * 100)}% evaluated; ${diff.missing} missing, ${diff.wrong} wrong; rebuilds ${JSON.stringify([...rebuilds])}; error lines ${JSON.stringify(lines.map((line) => line.msg))}`,
      );
      expect(diff).toEqual({ missing: 0, wrong: 0, total: diff.total });
      expect(byAlertId).toEqual(oracle);
      // At least the partition whose save failed lost its checkpoint and was rebuilt, completely
      // (the log holds every record); each rebuild is one error line and one count.
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.every((line) => line.reason === reason && line.coverage === 'complete')).toBe(true);
      const counted = new Map<string, number>();
      for (const line of lines) counted.set(`${line.partition}:${line.reason}:${line.coverage}`, (counted.get(`${line.partition}:${line.reason}:${line.coverage}`) ?? 0) + 1);
      expect(rebuilds).toEqual(counted);
    });
  });

  describe('checkpoints deleted while no evaluator runs, one partition truncated by retention', () => {
    const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: PARTITIONS });

    beforeAll(() => cluster.setUp());
    afterAll(() => cluster.tearDown());

    it('rebuilds every partition at assignment and says where the log could not reach back', async () => {
      const seed = Date.now() % 1_000_000;
      const points = providerPoints({ count: 30_000, resources: 100, providers: 5, seed });
      await cluster.produce(points);
      const first = await cluster.startEvaluator();
      await waitFor(async () => (await cluster.committed()).size === PARTITIONS && (await cluster.progress()) >= 0.4, { timeoutMs: 120_000, intervalMs: 50, what: 'every partition committed, 40% evaluated' });
      first.process.child.kill('SIGKILL');
      await first.process.exited;
      const committed = await cluster.committed();
      expect(await cluster.forgetCheckpoints()).toBeGreaterThan(0);
      // Partition 0's first half of its evaluated records goes, as retention would delete it.
      const truncatedTo = (committed.get(0) ?? 0n) / 2n;
      await cluster.deleteRecords(0, truncatedTo);
      const second = await cluster.startEvaluator();
      await cluster.waitUntilEvaluated();

      const alerts = await cluster.readAlerts();
      const { byAlertId, total, unique } = uniqueEventsByAlertId(alerts, 'provider_health');
      const oracle = oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points);
      const onTruncated = alertIdsOn(0, points, cluster);
      const diff = differences(without(byAlertId, onTruncated), without(oracle, onTruncated));
      const truncatedDiff = differences(byAlertId, oracle);
      const rebuilds = rebuildCounts(await cluster.metrics(second));
      const lines = rebuildLines(second);
      console.log(
        `deleted checkpoints test (seed ${seed}): ${points.length} points, ${unique} distinct events, ${total - unique} repeats; committed ${JSON.stringify([...committed].map(([p, o]) => `${p}:${o}`))}, partition 0 truncated to ${truncatedTo}; other partitions ${diff.missing} missing, ${diff.wrong} wrong; all partitions ${truncatedDiff.missing} missing, ${truncatedDiff.wrong} wrong; error lines ${JSON.stringify(lines.map((line) => line.msg))}`,
      );
      expect(diff).toEqual({ missing: 0, wrong: 0, total: diff.total });
      expect(without(byAlertId, onTruncated)).toEqual(without(oracle, onTruncated));
      expect(lines.map((line) => `${line.partition}:${line.reason}:${line.coverage}`).sort()).toEqual(
        [0, 1, 2, 3, 4, 5].map((partition) => `${partition}:missing:${partition === 0 ? 'partial' : 'complete'}`),
      );
      expect(rebuilds).toEqual(new Map([0, 1, 2, 3, 4, 5].map((partition) => [`${partition}:missing:${partition === 0 ? 'partial' : 'complete'}`, 1])));
    });
  });
});
