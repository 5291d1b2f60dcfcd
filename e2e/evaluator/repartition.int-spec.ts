import { setTimeout as sleep } from 'node:timers/promises';
import { PROVIDER_HEALTH_BY_PROVIDER_TICK as BY_PROVIDER_TICK, type Point } from '@vigil/core';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints, randomSource } from './support/provider-points';

const PROVIDERS = 5;
const RESOURCES = 100;
/** Points per provider in each phase; the long phase is the one an evaluator is killed in. */
const PHASE_SIZES = [100, 100, 100, 100, 100, 100, 2_000, 100, 100, 100, 100, 100];
const CRASH_PHASE = 6;

/**
 * Issue 4, test 4: a task grouped by a tag that is not in the partition key. Its points travel
 * through its repartition topic keyed by provider, so each provider's state has one owner, and
 * its events equal its replay. Kafka orders records within a partition only, so points of one
 * group that come from different points-topic partitions arrive in the order they were forwarded
 * (see docs/evaluator.md); to compare with a replay in file order, each phase takes a provider's
 * points from one resource (one partition) and the next phase starts once the previous one is
 * evaluated. Over the phases every provider's points come from many partitions. Midway one of
 * the two evaluators is killed with SIGKILL and restarted.
 */
describe('evaluator repartitioning', () => {
  const cluster = new EvaluatorCluster({
    tasks: { provider_health: PROVIDER_HEALTH_TICK, by_provider: BY_PROVIDER_TICK },
    partitionKeys: PROVIDER_KEYS,
    pointsPartitions: 6,
    repartitionPartitions: 3,
  });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('evaluates a task grouped by another tag than the partition key as its replay does', async () => {
    const seed = Date.now() % 1_000_000;
    const random = randomSource(seed);
    const starts = PHASE_SIZES.map((_, phase) => PHASE_SIZES.slice(0, phase).reduce((sum, size) => sum + size * PROVIDERS, 0));
    const total = PHASE_SIZES.reduce((sum, size) => sum + size * PROVIDERS, 0);
    const phaseOf = (i: number) => starts.findLastIndex((start) => start <= i);
    // Within a phase, provider j's points all come from resource (phase * 7 + j * 13) mod 100.
    const points = providerPoints({ count: total, resources: RESOURCES, providers: PROVIDERS, seed, flip: 0.1 }, (i) => {
      const provider = i % PROVIDERS;
      return { resource: (phaseOf(i) * 7 + provider * 13) % RESOURCES, provider };
    });
    const [victim] = await Promise.all([cluster.startEvaluator(), cluster.startEvaluator()]);

    const sourcePartitions = new Map<string, Set<string>>();
    for (let phase = 0; phase < PHASE_SIZES.length; phase++) {
      const slice: Point[] = points.slice(starts[phase], starts[phase]! + PHASE_SIZES[phase]! * PROVIDERS);
      for (const point of slice) {
        const provider = point.tags['nome_provedor'] as string;
        const resources = sourcePartitions.get(provider) ?? new Set<string>();
        resources.add(point.tags['nome_recurso'] as string);
        sourcePartitions.set(provider, resources);
      }
      const producing = cluster.produce(slice, { chunk: 500 });
      if (phase === CRASH_PHASE) {
        // A crash in the middle: forwarded points and events of the interrupted batches are
        // written again by the next owner and must count once.
        await sleep(Math.floor(random() * 200));
        victim!.process.child.kill('SIGKILL');
        await victim!.process.exited;
        await cluster.startEvaluator();
      }
      await producing;
      await cluster.waitUntilEvaluated();
    }

    let forwardedRepeats = 0;
    for (const evaluator of cluster.evaluators.filter((candidate) => candidate !== victim)) {
      const line = (await cluster.metrics(evaluator)).split('\n').find((text) => text.startsWith('vigil_evaluator_forwarded_repeats_total'));
      forwardedRepeats += Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0);
    }
    const alerts = await cluster.readAlerts();
    const byProvider = uniqueEventsByAlertId(alerts, 'by_provider');
    const local = uniqueEventsByAlertId(alerts, 'provider_health');
    const oracle = oracleByAlertId('by_provider', BY_PROVIDER_TICK, cluster.keys, points);
    console.log(
      `repartition test (seed ${seed}): ${points.length} points; by_provider: ${oracle.size} alert ids, ${byProvider.unique} distinct events, ${byProvider.total - byProvider.unique} repeats; ${forwardedRepeats} forwarded points dropped as repeats; each provider's points came from ${Math.min(...[...sourcePartitions.values()].map((set) => set.size))}+ resources`,
    );
    expect(oracle.size).toBe(PROVIDERS);
    expect(byProvider.byAlertId).toEqual(oracle);
    // The task evaluated where its points land runs beside it, unaffected.
    expect(local.byAlertId).toEqual(oracleByAlertId('provider_health', PROVIDER_HEALTH_TICK, cluster.keys, points));
  }, 300_000);
});
