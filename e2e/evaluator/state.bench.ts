/**
 * What state costs the evaluator as groups grow (issue 10, item 5): for each group count, a
 * backlog of seed-task points over that many groups is evaluated by one evaluator with the
 * production fetch size and a small idle window (EVALUATOR_GROUP_IDLE_BATCHES), then the
 * evaluator is SIGKILLed and a new one restores. The points come in rounds: every group once per
 * round, in creation order in the first and shuffled in the others; so a group waits about a
 * round between two points, and it leaves memory only when a round spans more of its partition's
 * batches than the idle window (at 1M groups, not at 10k or 100k with the defaults: the table
 * shows the groups evicted and loaded back, so a run that never evicts says so).
 * Prints one table: points/s (wall clock and per CPU second), bytes written to Redis per changed
 * group per save, RSS and groups in memory at the end, groups evicted and loaded back, and the
 * restore time after the kill.
 * Run (servers from `npm run infra -- up`): `npm run bench -- state`, or
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source e2e/evaluator/state.bench.ts [groups,groups,...] [points per group] [idle batches]
 */
import { waitFor } from '@vigil/testing';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

interface Figures {
  readonly groups: number;
  readonly points: number;
  readonly rate: number;
  readonly perCpuSecond: number;
  readonly saves: number;
  readonly bytes: number;
  readonly groupsWritten: number;
  readonly rssReady: number;
  readonly rssDone: number;
  readonly resident: number;
  readonly evicted: number;
  readonly loaded: number;
  readonly restoreSeconds: number;
}

async function measure(groups: number, perGroup: number, idleBatches: number): Promise<Figures> {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 6, fetchBytes: 1_048_576, groupIdleBatches: idleBatches });
  await cluster.setUp();
  try {
    const count = groups * perGroup;
    // Point i < groups creates group i; the others fall on groups spread by a multiplicative hash,
    // which is a permutation (the multiplier is a prime above any group count): each further round of `groups`
    // points touches every group exactly once, in another order.
    const groupOf = (i: number) => {
      const g = i < groups ? i : Number((BigInt(i) * 2_654_435_761n) % BigInt(groups));
      return { resource: Math.floor(g / 5), provider: g % 5 };
    };
    for (let from = 0; from < count; from += 500_000) {
      const slice = providerPoints({ count: Math.min(500_000, count - from), resources: 1, providers: 1, seed: 1 + from }, (i) => groupOf(from + i));
      await cluster.produce(slice, { chunk: 5_000, perRecord: 3 });
    }
    const first = await cluster.startEvaluator();
    const ready = Date.now();
    const atReady = parse(await cluster.metrics(first));
    await cluster.waitUntilEvaluated(3_600_000);
    const done = Date.now();
    const atDone = parse(await cluster.metrics(first));
    first.process.child.kill('SIGKILL');
    const second = await cluster.startEvaluator();
    // Everything is committed already: wait until the new evaluator has restored all six partitions.
    // partitions_owned changes when the assignment arrives, before the restore runs; a partition's
    // checkpoint age appears, and the restore duration is set, only once it is restored.
    await waitFor(
      async () => {
        const metrics = parse(await cluster.metrics(second));
        const restored = [...metrics.keys()].filter((name) => name.startsWith('vigil_evaluation_checkpoint_age_seconds{')).length;
        return value(metrics, 'vigil_evaluator_partitions_owned') === 6 && restored === 6 && value(metrics, 'vigil_evaluator_last_restore_timestamp_seconds') > 0;
      },
      { timeoutMs: 600_000, intervalMs: 200, what: 'the new evaluator having restored every partition' },
    );
    const restored = parse(await cluster.metrics(second));
    const cpu = value(atDone, 'process_cpu_seconds_total') - value(atReady, 'process_cpu_seconds_total');
    return {
      groups,
      points: count,
      rate: count / ((done - ready) / 1000),
      perCpuSecond: count / cpu,
      saves: value(atDone, 'vigil_evaluator_checkpoint_size_bytes_count'),
      bytes: value(atDone, 'vigil_evaluator_checkpoint_size_bytes_sum'),
      groupsWritten: value(atDone, 'vigil_evaluator_groups_moved_total{direction="written"}'),
      rssReady: value(atReady, 'process_resident_memory_bytes'),
      rssDone: value(atDone, 'process_resident_memory_bytes'),
      resident: value(atDone, 'vigil_evaluator_task_groups{task="provider_health"}'),
      evicted: value(atDone, 'vigil_evaluator_groups_moved_total{direction="evicted"}'),
      loaded: value(atDone, 'vigil_evaluator_groups_moved_total{direction="loaded"}'),
      restoreSeconds: value(restored, 'vigil_evaluator_last_restore_duration_seconds'),
    };
  } finally {
    await cluster.tearDown();
  }
}

function parse(metrics: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** A sample by name and labels; the evaluator adds service="evaluator" to every labelled one. */
function value(metrics: Map<string, number>, name: string): number {
  return metrics.get(name) ?? metrics.get(name.endsWith('}') ? `${name.slice(0, -1)},service="evaluator"}` : `${name}{service="evaluator"}`) ?? 0;
}

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const counts = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
  const perGroup = Number(process.argv[3] ?? 3);
  const idleBatches = Number(process.argv[4] ?? 5);
  const rows: Figures[] = [];
  for (const groups of counts) {
    const figures = await measure(groups, perGroup, idleBatches);
    rows.push(figures);
    console.log(JSON.stringify(figures));
  }
  console.log(`\nseed task, one evaluator, 6 partitions, 1 MiB fetches, ${perGroup} points per group, EVALUATOR_GROUP_IDLE_BATCHES=${idleBatches}`);
  console.log('| groups | points | points/s | points/CPU s | saves | MB written | bytes per changed group | RSS ready -> done (MiB) | groups in memory at end | groups evicted / loaded back | RSS per group held (bytes) | restore after SIGKILL (s) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const perGroupBytes = row.groupsWritten > 0 ? Math.round(row.bytes / row.groupsWritten) : 0;
    console.log(
      `| ${row.groups} | ${row.points} | ${Math.round(row.rate)} | ${Math.round(row.perCpuSecond)} | ${row.saves} | ${(row.bytes / 1e6).toFixed(1)} | ${perGroupBytes} | ` +
        `${(row.rssReady / MiB).toFixed(0)} -> ${(row.rssDone / MiB).toFixed(0)} | ${row.resident} | ${row.evicted} / ${row.loaded} | ${Math.round((row.rssDone - row.rssReady) / row.groups)} | ${row.restoreSeconds.toFixed(2)} |`,
    );
  }
  const small = rows.find((row) => row.groups === 10_000);
  const large = rows.find((row) => row.groups === 1_000_000);
  if (small && large) console.log(`1M/10k points per CPU second: ${(large.perCpuSecond / small.perCpuSecond).toFixed(2)} (wall clock ${(large.rate / small.rate).toFixed(2)})`);
}

void main();
