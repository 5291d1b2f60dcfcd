/**
 * The evaluator's rate on this machine, with one and with two evaluators: a backlog of seed-task
 * points on the points topic (line protocol, 3 lines per record unless told, over 10,000 groups),
 * evaluated by N evaluator processes started together with the production fetch size. Each N gets
 * a deployment of its own (topics, consumer group, checkpoints) and the same points.
 *
 * Measured from spawn (the processes are started) and after ready (every one answers
 * /health/ready) up to every offset committed: a second evaluator pays its start-up and the
 * group's rebalance, which the after-ready rate hides. Also: when each evaluator was ready, when
 * the partitions were spread over all of them (each owns one or more, together all), the CPU
 * seconds per million points summed over the evaluators (prom-client's process_cpu_seconds_total:
 * since process start, and since ready), and the peak RSS of each (VmHWM). The machine is shared:
 * CPU per point moves far less with other processes' load than the wall-clock rate does.
 * Run (servers from `npm run infra -- up`): `npm run bench -- evaluator`, or
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source e2e/evaluator/evaluator-rate.bench.ts [points] [groups] [evaluator counts, e.g. 1,2] [fetch bytes per partition] [lines per record]
 */
import { readFileSync } from 'node:fs';
import { EvaluatorCluster, type Evaluator } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

const PARTITIONS = 6;
const PROVIDERS = 5;
/** Issue 15's figures for the distributed evaluator before the work on it (seed task, 1M points, 10k groups, this machine). */
const BEFORE = { cpuPerMillion: '6-7', secondJoinSeconds: '~5', secondCpu: '+24 %', secondRateFromSpawn: '0.88x' };

interface Run {
  readonly evaluators: number;
  readonly points: number;
  readonly fromSpawnSeconds: number;
  readonly afterReadySeconds: number;
  /** Seconds from spawn until each evaluator was ready. */
  readonly readySeconds: number[];
  /** Seconds from spawn until every evaluator owned partitions and together all of them; NaN if not before the end. */
  readonly spreadSeconds: number;
  /** CPU seconds summed over the evaluators: since process start, and since ready. */
  readonly cpuTotal: number;
  readonly cpuAfterReady: number;
  readonly peakRssMiB: number[];
  readonly events: number;
}

async function measure(count: number, groups: number, evaluators: number, fetchBytes: number, perRecord: number): Promise<Run> {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: PARTITIONS, fetchBytes, groupIdleBatches: 200 });
  await cluster.setUp();
  try {
    // In slices, so a million points are never all in memory as objects at once.
    for (let from = 0; from < count; from += 250_000) {
      const slice = providerPoints({ count: Math.min(250_000, count - from), resources: Math.ceil(groups / PROVIDERS), providers: PROVIDERS, seed: 1 + from });
      await cluster.produce(slice, { chunk: 5_000, perRecord });
    }
    const spawned = Date.now();
    const readyAt: number[] = [];
    const started = await Promise.all(
      Array.from({ length: evaluators }, async () => {
        const evaluator = await cluster.startEvaluator();
        readyAt.push(Date.now());
        return evaluator;
      }),
    );
    const ready = Math.max(...readyAt);
    const cpuAtReady = await cpuSum(cluster, started);
    // Watched beside the evaluation: with a small backlog the work may end before a rebalance does.
    let spread: number | undefined;
    let finished = false;
    const watching = (async () => {
      while (!finished && spread === undefined) {
        const owned = await Promise.all(started.map(async (evaluator) => sample(await cluster.metrics(evaluator), 'vigil_evaluator_partitions_owned')));
        if (owned.every((partitions) => partitions > 0) && owned.reduce((sum, partitions) => sum + partitions, 0) === PARTITIONS) spread = Date.now();
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await cluster.waitUntilEvaluated(1_800_000);
    finished = true;
    await watching;
    const done = Date.now();
    const cpuAtDone = await cpuSum(cluster, started);
    let events = 0;
    for (const evaluator of started) events += sumOf(await cluster.metrics(evaluator), 'vigil_evaluator_events_total');
    return {
      evaluators,
      points: count,
      fromSpawnSeconds: (done - spawned) / 1000,
      afterReadySeconds: (done - ready) / 1000,
      readySeconds: readyAt.map((at) => (at - spawned) / 1000).sort((a, b) => a - b),
      spreadSeconds: spread === undefined ? Number.NaN : (spread - spawned) / 1000,
      cpuTotal: cpuAtDone,
      cpuAfterReady: cpuAtDone - cpuAtReady,
      peakRssMiB: started.map((evaluator) => peakRssMiB(evaluator)),
      events,
    };
  } finally {
    await cluster.tearDown();
  }
}

/** CPU seconds (user + system, since process start) summed over the evaluators. */
async function cpuSum(cluster: EvaluatorCluster, evaluators: readonly Evaluator[]): Promise<number> {
  const each = await Promise.all(evaluators.map(async (evaluator) => sample(await cluster.metrics(evaluator), 'process_cpu_seconds_total')));
  return each.reduce((sum, seconds) => sum + seconds, 0);
}

/** One unlabelled sample (or the only series) of a metric; NaN when absent, so a renamed metric shows. */
function sample(metrics: string, name: string): number {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${name} `) || entry.startsWith(`${name}{`));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

/** The sum over every series of a metric. */
function sumOf(metrics: string, name: string): number {
  return metrics
    .split('\n')
    .filter((entry) => entry.startsWith(`${name} `) || entry.startsWith(`${name}{`))
    .reduce((sum, entry) => sum + Number(entry.split(' ').pop()), 0);
}

/** The process's peak resident set (VmHWM) while it still runs. */
function peakRssMiB(evaluator: Evaluator): number {
  const status = readFileSync(`/proc/${evaluator.process.child.pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000);
  const groups = Number(process.argv[3] ?? 10_000);
  const counts = (process.argv[4] ?? '1,2').split(',').map(Number);
  const fetchBytes = Number(process.argv[5] ?? 1_048_576);
  const perRecord = Number(process.argv[6] ?? 3);
  const runs: Run[] = [];
  for (const evaluators of counts) {
    const run = await measure(count, groups, evaluators, fetchBytes, perRecord);
    runs.push(run);
    console.log(JSON.stringify(run));
  }
  const one = runs.find((run) => run.evaluators === 1);
  const perMillion = (cpu: number, run: Run) => (cpu / (run.points / 1e6)).toFixed(1);
  console.log(`\nseed task, ${count} points over ${groups} groups, ${PARTITIONS} partitions, ${perRecord} lines per record, ${fetchBytes}-byte fetches, evaluators started together`);
  console.log(`issue 15 before: ${BEFORE.cpuPerMillion} CPU s per million points; a second evaluator ${BEFORE.secondJoinSeconds} s to join, ${BEFORE.secondCpu} CPU, ${BEFORE.secondRateFromSpawn} the rate of one from spawn`);
  console.log('| evaluators | points/s from spawn | points/s after ready | from spawn vs 1 | CPU s per 1M points from spawn | after ready | CPU vs 1 | ready after (s) | partitions spread after (s) | peak RSS (MiB) | events |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const run of runs) {
    // Rates compare as the inverse of the times.
    const rateVsOne = one && run !== one ? `${(one.fromSpawnSeconds / run.fromSpawnSeconds).toFixed(2)}x` : '-';
    const cpuVsOne = one && run !== one ? `${(run.cpuTotal / one.cpuTotal).toFixed(2)}x` : '-';
    console.log(
      `| ${run.evaluators} | ${Math.round(run.points / run.fromSpawnSeconds)} | ${Math.round(run.points / run.afterReadySeconds)} | ${rateVsOne} | ` +
        `${perMillion(run.cpuTotal, run)} | ${perMillion(run.cpuAfterReady, run)} | ${cpuVsOne} | ${run.readySeconds.map((s) => s.toFixed(1)).join(', ')} | ` +
        `${Number.isNaN(run.spreadSeconds) ? 'not before the end' : run.spreadSeconds.toFixed(1)} | ${run.peakRssMiB.map((mib) => mib.toFixed(0)).join(', ')} | ${run.events} |`,
    );
  }
}

void main();
