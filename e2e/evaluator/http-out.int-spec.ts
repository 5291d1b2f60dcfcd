import type { Point } from '@vigil/core';
import { httpOutKeyPrefix } from '@vigil/evaluation';
import { connectRedis, quitRedis, type Redis } from '@vigil/redis';
import { HAVE_INFLUXD, INFLUXD, redisUrl, waitFor, type RunningInfluxd } from '@vigil/testing';
import { MAX_BY_HOST_ROWS, maxByHostRows, startUsageInfluxd } from '../support/batch-http-out';
import { EvaluatorCluster } from './support/evaluator-cluster';

const SCRIPT = `dbrp "vigil"."autogen"
stream
  |from()
    .measurement('cpu')
    .groupBy('host')
  |httpOut('last')
`;

const HOSTS = 12;

interface Answer {
  readonly series: readonly { readonly tags: { readonly host: string }; readonly values: readonly (readonly [string, number])[] }[] | null;
}

/** One point per host of `hosts`, each with `usage` = host number + `offset`, at second `second`. */
function points(hosts: readonly number[], offset: number, second: number): Point[] {
  return hosts.map((host) => ({ database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host: `h${host}` }, fields: { usage: host + offset }, time: 1_700_000_000_000_000_000n + BigInt(second) * 1_000_000_000n }));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

/** The answer's rows as `host=usage`. */
const rowsOf = (answer: Answer | undefined) => (answer?.series ?? []).map((row) => `${row.tags.host}=${row.values[0]?.[1]}`);

/**
 * `|httpOut('last')` in the distributed mode: ingest answers GET /kapacitor/v1/tasks/<task>/last by
 * merging the rows both evaluators publish to Redis (each owns some of the hosts' partitions), in
 * the order the groups first came; after one evaluator is killed and the other takes its
 * partitions, the newest row of each group wins over the dead one's, which are still fresh.
 */
describe('distributed mode: httpOut results through ingest', () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 4, evaluatorEnv: { EVALUATOR_STATS_INTERVAL_MS: '300' } });
  let redis: Redis | undefined;
  afterAll(async () => {
    await cluster.tearDown();
    if (redis) await quitRedis(redis);
  });

  it("merges both evaluators' rows, lets the newest win after a rebalance, and 404s what does not run", async () => {
    await cluster.setUp();
    const ingest = await cluster.startIngest();
    await cluster.startEvaluator();
    const second = await cluster.startEvaluator();
    const tasks = `${ingest.url}/kapacitor/v1/tasks`;
    const get = async (path: string) => {
      const response = await fetch(`${tasks}/${path}`);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const defined = await fetch(tasks, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'cpu_last', type: 'stream', script: SCRIPT, status: 'enabled' }) });
    expect(defined.status).toBe(200);
    await cluster.waitUntilTasksApplied();
    // Once an evaluator publishes the task, its endpoint exists and is empty; another is not found.
    await waitFor(async () => (await get('cpu_last/last')).status === 200, { timeoutMs: 30_000, what: 'the endpoint to be published' });
    expect(await get('cpu_last/last')).toEqual({ status: 200, body: { series: null } });
    expect(await get('cpu_last/other')).toEqual({ status: 404, body: { error: 'Not Found' } });

    const answer = async () => (await get('cpu_last/last')).body as Answer;
    const until = async (expected: readonly string[], what: string, timeoutMs = 60_000) => {
      let last: Answer | undefined;
      await waitFor(
        async () => {
          last = await answer();
          return JSON.stringify([...rowsOf(last)].sort()) === JSON.stringify([...expected].sort());
        },
        { timeoutMs, what },
      );
      return rowsOf(last);
    };
    // The first half of the hosts, then (once they show) the second: the merged order keeps them apart.
    await cluster.produce(points(range(0, HOSTS / 2), 0, 1));
    await until(range(0, HOSTS / 2).map((host) => `h${host}=${host}`), 'the first hosts');
    await cluster.produce(points(range(HOSTS / 2, HOSTS), 0, 2));
    const firstRows = await until(range(0, HOSTS).map((host) => `h${host}=${host}`), 'every host');
    expect(firstRows.slice(0, HOSTS / 2).sort()).toEqual(range(0, HOSTS / 2).map((host) => `h${host}=${host}`).sort());

    // Both evaluators published some of the rows: the answer is a merge.
    redis = await connectRedis({ url: redisUrl(), logger: cluster.logger, connectionName: `${cluster.id}.http-out` });
    const published = await redis.hgetall(`${httpOutKeyPrefix(cluster.tasksTopic)}:cpu_last`);
    const perEvaluator = Object.values(published).map((text) => (JSON.parse(text) as { endpoints: { rows: unknown[] }[] }).endpoints[0]?.rows.length ?? 0);
    expect(perEvaluator).toHaveLength(2);
    expect(perEvaluator.every((count) => count > 0)).toBe(true);
    expect(perEvaluator.reduce((sum, count) => sum + count, 0)).toBe(HOSTS);

    // The second evaluator dies; the first takes its partitions, and its rows of the new points win.
    second.process.child.kill('SIGKILL');
    await cluster.produce(points(range(0, HOSTS), 100, 3));
    // Within HTTP_OUT_FRESH_MS (30 s): the dead evaluator's older rows still count, and lose.
    await until(range(0, HOSTS).map((host) => `h${host}=${host + 100}`), 'the new values of every host', 25_000);
    const fields = Object.values(await redis.hgetall(`${httpOutKeyPrefix(cluster.tasksTopic)}:cpu_last`)).map((text) => JSON.parse(text) as { atMs: number });
    const checkedAt = Date.now();
    expect(fields).toHaveLength(2);
    expect(fields.every((field) => checkedAt - field.atMs < 30_000)).toBe(true);

    const disabled = await fetch(`${tasks}/cpu_last`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'disabled' }) });
    expect(disabled.status).toBe(200);
    await waitFor(async () => (await get('cpu_last/last')).status === 404, { timeoutMs: 30_000, what: 'the disabled task to stop answering' });
    expect(await get('cpu_last/last')).toEqual({ status: 404, body: { error: 'Not Found' } });
  }, 240_000);
});

if (!HAVE_INFLUXD) console.warn(`skipping the distributed batch httpOut int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

/** A batch task's `|httpOut('max')` run by the evaluator that owns partition 0, answered through ingest. */
describe.skipIf(!HAVE_INFLUXD)('distributed mode: a batch task httpOut through ingest', () => {
  let influxd: RunningInfluxd | undefined;
  let cluster: EvaluatorCluster | undefined;
  afterAll(async () => {
    await cluster?.tearDown();
    influxd?.stop();
  });

  it("serves each host's latest max", async () => {
    influxd = await startUsageInfluxd();
    cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 2, evaluatorEnv: { EVALUATOR_STATS_INTERVAL_MS: '300', INFLUXDB_URL: influxd.url } });
    await cluster.setUp();
    const ingest = await cluster.startIngest();
    await cluster.startEvaluator();
    expect(await maxByHostRows(`${ingest.url}/kapacitor/v1/tasks`, 60_000)).toEqual(MAX_BY_HOST_ROWS);
  }, 240_000);
});
