import type { Point } from '@vigil/core';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS } from './support/provider-points';

const START = 1_684_713_065_000_000_000n;

/** A seed-task point of group (resource, provider), failing or not, `i` ms after the start. */
function point(i: number, resource: number, provider: number, ok: boolean): Point {
  return {
    database: 'vigil',
    retentionPolicy: 'autogen',
    name: 'performance_influx',
    tags: { nome_recurso: `r${resource}`, nome_provedor: `p${provider}` },
    fields: { latencia: 100, sucesso: ok ? 1n : 0n },
    time: START + BigInt(i) * 1_000_000n,
  };
}

/** A sample of the metrics page: `name{label="value"` (the service label follows). */
function metric(page: string, sample: string): number {
  const line = page.split('\n').find((entry) => entry.startsWith(`${sample},`) || entry.startsWith(`${sample}}`));
  return Number(line?.split(' ').pop() ?? 0);
}

/**
 * Issue 10, item 2, by counts: 20,000 groups fail once, then a few hundred groups keep the
 * evaluator busy long enough for the others to leave memory (EVALUATOR_GROUP_IDLE_BATCHES 2,
 * 16 KiB fetches), then 1,000 of the first groups fail a second time. Their stateCount streak
 * spans the eviction: each must reach 2 and raise CRITICAL ("The past 2 requests"), as the replay
 * oracle says; the groups in memory stay far below the groups held.
 */
describe('evaluator groups leave memory and come back with their state', () => {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 6, groupIdleBatches: 2 });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('continues a stateCount streak across an eviction and keeps the resident groups bounded', async () => {
    const groups = 20_000;
    const points: Point[] = [];
    for (let g = 0; g < groups; g++) points.push(point(points.length, Math.floor(g / 5), g % 5, false));
    for (let round = 0; round < 60; round++) for (let g = 0; g < 300; g++) points.push(point(points.length, 100_000 + g, 0, round % 7 !== 0));
    for (let g = 0; g < 1_000; g++) points.push(point(points.length, Math.floor(g / 5), g % 5, false));
    await cluster.produce(points);
    const evaluator = await cluster.startEvaluator();
    await cluster.waitUntilEvaluated();
    const page = await cluster.metrics(evaluator);

    const { byAlertId } = uniqueEventsByAlertId(await cluster.readAlerts(), 'provider_health');
    const oracle = oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points);
    expect(byAlertId).toEqual(oracle);
    const twice = [...oracle.values()].filter((events) => events.some((event) => event.includes('"level":"CRITICAL"') && event.includes('The past 2 requests')));
    expect(twice.length).toBeGreaterThanOrEqual(1_000);
    const resident = metric(page, 'vigil_evaluator_task_groups{task="provider_health"');
    expect(resident).toBeGreaterThan(0);
    expect(resident).toBeLessThan(groups / 4);
    expect(metric(page, 'vigil_evaluator_groups_moved_total{direction="evicted"')).toBeGreaterThan(groups / 2);
    expect(metric(page, 'vigil_evaluator_groups_moved_total{direction="loaded"')).toBeGreaterThanOrEqual(1_000);
  });
});

/** The group limit: a task at its limit refuses new groups (counted) and keeps alerting for the groups it has. */
describe('evaluator group limit', () => {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 1, maxGroupsPerTask: 10 });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('refuses points of groups past the limit and alerts for the first ten', async () => {
    const points: Point[] = [];
    for (let round = 0; round < 3; round++) for (let g = 0; g < 30; g++) points.push(point(points.length, g, 0, false));
    await cluster.produce(points);
    const evaluator = await cluster.startEvaluator();
    await cluster.waitUntilEvaluated();
    const page = await cluster.metrics(evaluator);
    const { byAlertId } = uniqueEventsByAlertId(await cluster.readAlerts(), 'provider_health');
    const admitted = points.filter((candidate) => Number(candidate.tags['nome_recurso']?.slice(1)) < 10);
    expect(byAlertId).toEqual(oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, admitted));
    expect(byAlertId.size).toBe(10);
    expect(metric(page, 'vigil_evaluator_groups_refused_total{task="provider_health"')).toBe(60);
  });
});
