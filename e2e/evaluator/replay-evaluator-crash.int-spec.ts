import { buildApp, redisUrl, waitFor } from '@vigil/testing';
import { connectRedis, quitRedis } from '@vigil/redis';
import { runLeaseKey } from '@vigil/topic-contract';
import { EvaluatorCluster } from './support/evaluator-cluster';

interface ApiRun {
  readonly id: string;
  readonly status: string;
  readonly error: string;
}

/**
 * A replay whose evaluator is killed (SIGKILL) while it runs: Kapacitor marks such a replay
 * failed at its next start; in the distributed mode the evaluator's lease on it lapses and
 * ingest writes it failed. A `-real-clock` replay of points recorded 20 s apart keeps the
 * evaluator busy long enough to be killed mid-replay.
 */
describe('a replay whose evaluator crashed', () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 1 });
  beforeAll(() => {
    for (const app of ['ingest', 'evaluator']) buildApp(app);
  }, 600_000);
  afterAll(async () => {
    await cluster.tearDown();
  });

  it('ends failed once its lease lapsed, instead of staying running', async () => {
    await cluster.setUp();
    const ingest = await cluster.startIngest();
    const evaluator = await cluster.startEvaluator();
    const post = async (path: string, body: unknown): Promise<Response> => fetch(`${ingest.url}/kapacitor/v1/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const get = async (path: string): Promise<ApiRun> => (await (await fetch(`${ingest.url}/kapacitor/v1/${path}`)).json()) as ApiRun;

    const script = "stream\n    |from().measurement('cpu').groupBy('host')\n    |alert().crit(lambda: \"usage\" > 90)\n";
    expect((await post('tasks', { id: 'cpu', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script, status: 'disabled' })).status).toBe(200);
    await cluster.waitUntilTasksApplied();
    expect((await post('recordings/stream', { id: 'rec1', task: 'cpu', stop: new Date(Date.now() + 4_000).toISOString() })).status).toBe(201);
    // Recorded 20 s apart: a real-clock replay waits 20 s between them.
    const lines = ['cpu,host=a usage=95 1700000000000000000', 'cpu,host=a usage=10 1700000020000000000'];
    for (const line of lines) expect((await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: line })).status).toBe(204);
    await waitFor(async () => (await get('recordings/rec1')).status === 'finished', { timeoutMs: 30_000, what: 'the recording to finish' });

    expect((await post('replays', { id: 'rp1', task: 'cpu', recording: 'rec1', clock: 'real' })).status).toBe(201);
    const redis = await connectRedis({ url: redisUrl(), logger: cluster.logger, connectionName: `${cluster.id}.lease-check` });
    try {
      const lease = runLeaseKey(cluster.tasksTopic, 'replay', 'rp1');
      expect(await redis.exists(lease)).toBe(1);
      evaluator.process.child.kill('SIGKILL');
      await evaluator.process.exited.catch(() => undefined);
      expect((await get('replays/rp1')).status).toBe('running');
      // The lease lapses (30 s), then ingest's next sweep (every 10 s) writes the replay failed.
      await waitFor(async () => (await get('replays/rp1')).status === 'failed', { timeoutMs: 90_000, intervalMs: 1_000, what: 'the replay to be written failed' });
      expect(await redis.exists(lease)).toBe(0);
    } finally {
      await quitRedis(redis);
    }
    expect(await get('replays/rp1')).toMatchObject({ status: 'failed', error: 'the evaluator running it stopped before it ended (no lease on it in Redis for replay rp1)' });
  }, 300_000);
});
