/**
 * The evaluator's rate on this machine: a backlog of provider-health points on the points topic
 * (line protocol, 3 lines per record unless told), evaluated by N evaluator processes with the production
 * fetch size; the rate is points / (time from the first start to every offset committed).
 * The machine is shared, so it also prints the CPU seconds the first evaluator spent between ready
 * and done (prom-client's process_cpu_seconds_total): points per CPU second moves far less with
 * the load of other processes than the wall-clock rate does.
 * Run (servers from `npm run infra -- up`, after `npm run build`):
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source e2e/evaluator/evaluator-rate.bench.ts [points] [evaluators] [fetch bytes per partition] [lines per record]
 */
import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerPoints } from './support/provider-points';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200_000);
  const evaluators = Number(process.argv[3] ?? 1);
  const fetchBytes = Number(process.argv[4] ?? 1_048_576);
  const perRecord = Number(process.argv[5] ?? 3);
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 6, fetchBytes });
  await cluster.setUp();
  try {
    const points = providerPoints({ count, resources: 100, providers: 5, seed: 1 });
    const producedAt = Date.now();
    await cluster.produce(points, { chunk: 5_000, perRecord });
    const produceSeconds = (Date.now() - producedAt) / 1000;
    const started = Date.now();
    await Promise.all(Array.from({ length: evaluators }, () => cluster.startEvaluator()));
    const ready = Date.now();
    const cpuAtReady = cpuSeconds(await cluster.metrics(cluster.evaluators[0]!));
    await cluster.waitUntilEvaluated(600_000);
    const done = Date.now();
    const metrics = await cluster.metrics(cluster.evaluators[0]!);
    const checkpoint = metrics.split('\n').filter((line) => line.startsWith('vigil_evaluator_checkpoint_duration_seconds_sum') || line.startsWith('vigil_evaluator_checkpoint_duration_seconds_count') || line.startsWith('vigil_evaluator_checkpoint_size_bytes_sum') || line.startsWith('vigil_evaluator_events_total'));
    console.log(
      `${count} points, ${evaluators} evaluator(s): produced in ${produceSeconds.toFixed(1)} s; ready after ${((ready - started) / 1000).toFixed(1)} s; ` +
        `evaluated in ${((done - ready) / 1000).toFixed(1)} s after ready = ${Math.round(count / ((done - ready) / 1000))} points/s ` +
        `(${Math.round(count / ((done - started) / 1000))} points/s including start-up)`,
    );
    const cpu = cpuSeconds(metrics) - cpuAtReady;
    console.log(`evaluator-1 CPU after ready: ${cpu.toFixed(2)} s = ${Math.round(count / evaluators / cpu)} points per CPU second (fetch ${fetchBytes} bytes per partition, up to ${perRecord} lines per record)`);
    console.log(checkpoint.join('\n'));
  } finally {
    await cluster.tearDown();
  }
}

/** The process's user + system CPU seconds from a metrics page. */
function cpuSeconds(metrics: string): number {
  const line = metrics.split('\n').find((entry) => entry.startsWith('process_cpu_seconds_total'));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

void main();
