import { PROVIDER_HEALTH_BY_PROVIDER_TICK as BY_PROVIDER_TICK, type Point } from '@vigil/core';
import { formatPoints } from '@vigil/line-protocol';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

const GROUPS = 8;
const REQUEST = 150;
const REQUESTS = 20;

/**
 * Issue 11, item 1: a retried write never changes the alerts. Requests go through ingest; some
 * are sent again (a writer retrying after a 500), some are written to the topic again directly
 * (a retry after a lost response: Kafka had stored the request), and some are retried inside the
 * next batch with new points (Telegraf's next batch). The alerts of a local task and of a
 * repartitioned one equal the oracle of every point once, and the evaluator counts every point
 * written again as dropped.
 */
describe('retried writes', () => {
  const cluster = new EvaluatorCluster({
    tasks: { provider_health: PROVIDER_HEALTH_TICK, by_provider: BY_PROVIDER_TICK },
    partitionKeys: PROVIDER_KEYS,
    pointsPartitions: 3,
    repartitionPartitions: 2,
  });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('evaluates every point once, however often it was written', async () => {
    // One resource per provider: a provider's points all come from one points-topic partition,
    // so the repartitioned task sees them in file order and its replay is the oracle.
    const points = providerPoints({ count: REQUEST * REQUESTS, resources: GROUPS, providers: GROUPS, seed: 11, flip: 0.15 }, (i) => ({ resource: i % GROUPS, provider: i % GROUPS }));
    const [ingest, evaluator] = await Promise.all([cluster.startIngest(), cluster.startEvaluator()]);
    const write = async (batch: readonly Point[]) => {
      const response = await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: formatPoints(batch) });
      expect(response.status).toBe(204);
    };

    let writtenAgain = 0;
    for (let request = 0; request < REQUESTS; request++) {
      const batch = points.slice(request * REQUEST, (request + 1) * REQUEST);
      const previous = points.slice((request - 1) * REQUEST, request * REQUEST);
      switch (request % 4) {
        case 1:
          // Answered 500 (or 503 in a remaining window); the writer sends the same body again.
          await write(batch);
          await write(batch);
          writtenAgain += batch.length;
          break;
        case 2:
          // The response was lost after Kafka stored the records; the retry goes through ingest.
          await write(batch);
          await cluster.produce(batch, { perRecord: 5 });
          writtenAgain += batch.length;
          break;
        case 3:
          // Telegraf puts a failed batch back in its buffer: the retry holds it and new points.
          await write([...previous.slice(REQUEST / 2), ...batch]);
          writtenAgain += REQUEST / 2;
          break;
        default:
          await write(batch);
      }
    }
    await cluster.waitUntilEvaluated();

    const alerts = await cluster.readAlerts();
    const local = uniqueEventsByAlertId(alerts, 'provider_health');
    const byProvider = uniqueEventsByAlertId(alerts, 'by_provider');
    const metrics = await cluster.metrics(evaluator);
    const dropped = metrics
      .split('\n')
      .filter((line) => line.startsWith('vigil_evaluator_retried_points_total'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    console.log(`retried writes: ${points.length} points, ${writtenAgain} written again, ${dropped} dropped; ${local.unique} + ${byProvider.unique} events`);
    expect(local.byAlertId).toEqual(oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points));
    expect(byProvider.byAlertId).toEqual(oracleByAlertId('by_provider', BY_PROVIDER_TICK, cluster.keys, points));
    expect(local.total).toBe(local.unique);
    expect(dropped).toBe(writtenAgain);
  }, 300_000);
});
