import type { RunningProcess } from '@vigil/testing';
import { oracleByAlertId } from '../../evaluator/support/alert-oracle';
import { EvaluatorCluster, type Evaluator } from '../../evaluator/support/evaluator-cluster';
import { PROVIDER_KEYS, providerHealthTickPostingTo } from '../../evaluator/support/provider-points';
import { NotifierDeployment, type Notifier } from '../../notifier/support/notifier-deployment';
import { chaosStream } from './chaos-stream';
import type { ChaosSize } from './chaos-size';
import { deliveryFigures } from './delivery-figures';
import { RecordingReceiver } from './recording-receiver';
import { RetryingWriter } from './retrying-writer';
import { RunProgress } from './run-progress';
import { keepServiceLogs } from './service-logs';
import type { ScenarioResult } from './scenario-result';

/** The scaled services of one run: ingest, evaluators and notifiers as real processes. */
export interface ScaledRun {
  readonly size: ChaosSize;
  readonly cluster: EvaluatorCluster;
  readonly notifiers: NotifierDeployment;
  readonly receiver: RecordingReceiver;
  readonly progress: RunProgress;
  /** SIGKILL of one evaluator or notifier, waiting until it is gone. */
  kill(member: Evaluator | Notifier): Promise<void>;
  /** The evaluators and notifiers still running. */
  liveEvaluators(): Evaluator[];
  liveNotifiers(): Notifier[];
}

export interface ScaledRunOptions {
  readonly scenario: string;
  readonly size: ChaosSize;
  /** Members started before the first write; a fault may start more (or the first ones). */
  readonly evaluators: number;
  readonly notifiers: number;
  /** The Redis of the evaluators and notifiers (a scenario's own server); default the shared one. */
  readonly redisUrl?: string;
  /** The fault, run beside the writer; resolves with what it did. */
  readonly fault: (run: ScaledRun) => Promise<string>;
}

/**
 * One chaos run on the scaled services: a throwaway deployment (EvaluatorCluster with its ingest,
 * a NotifierDeployment on its alerts topic), the seed task posting to a recording receiver, the
 * stream written through a retrying writer while the fault runs, then everything settled (every
 * point evaluated and every alert settled and committed by the groups) and compared with the
 * replay oracle of the same points.
 */
export async function runScaled(options: ScaledRunOptions): Promise<ScenarioResult> {
  const receiver = await RecordingReceiver.start();
  const script = providerHealthTickPostingTo(receiver.url());
  const stream = chaosStream(options.size);
  const cluster = new EvaluatorCluster({
    tasks: { provider_health: script },
    partitionKeys: PROVIDER_KEYS,
    pointsPartitions: 6,
    ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
  });
  const notifiers = new NotifierDeployment({ alertsTopic: cluster.alertsTopic, env: { LOG_LEVEL: 'warn', ...(options.redisUrl === undefined ? {} : { REDIS_URL: options.redisUrl }) } });
  const oracle = oracleByAlertId('provider_health', script, cluster.keys, stream.points);
  const progress = new RunProgress(stream.batches.length, [...oracle.values()].reduce((sum, list) => sum + list.length, 0), receiver);
  const alive = (member: Evaluator | Notifier) => member.process.child.exitCode === null && member.process.child.signalCode === null;
  const run: ScaledRun = {
    size: options.size,
    cluster,
    notifiers,
    receiver,
    progress,
    kill: async (member) => {
      member.process.child.kill('SIGKILL');
      await member.process.exited.catch(() => undefined);
    },
    liveEvaluators: () => cluster.evaluators.filter(alive),
    liveNotifiers: () => notifiers.notifiers.filter(alive),
  };
  let ingestProcess: RunningProcess | undefined;
  try {
    await cluster.setUp();
    await notifiers.setUp();
    const ingestStart = cluster.startIngest();
    const memberStarts = [
      ...Array.from({ length: options.evaluators }, () => cluster.startEvaluator()),
      ...Array.from({ length: options.notifiers }, () => notifiers.startNotifier()),
    ];
    // Every start settles before a failure is thrown: a service still starting when another failed
    // would otherwise become ready after the tear-down and run on, untracked.
    const failed = (await Promise.allSettled([ingestStart, ...memberStarts])).find((start) => start.status === 'rejected');
    if (failed) throw failed.reason;
    const ingest = await ingestStart;
    ingestProcess = ingest.process;
    const writer = new RetryingWriter({
      baseUrl: () => ingest.url,
      query: 'db=vigil&rp=autogen',
      onAcknowledged: progress.onAcknowledged,
      pauseMs: options.size.pauseMs,
      abandonAfterMs: options.size.writeGiveUpMs,
    });
    const [written, faults] = await Promise.all([writer.write(stream.batches), options.fault(run)]);
    const settleBy = Date.now() + options.size.settleTimeoutMs;
    await cluster.waitUntilEvaluated(options.size.settleTimeoutMs);
    await notifiers.waitUntilCommitted(Math.max(1_000, settleBy - Date.now()));
    return { scenario: options.scenario, figures: deliveryFigures(oracle, receiver.deliveries()), writer: written, faults };
  } catch (error) {
    const processes = [...(ingestProcess ? [{ name: 'ingest', process: ingestProcess }] : []), ...cluster.evaluators, ...notifiers.notifiers];
    const folder = keepServiceLogs(options.scenario, processes);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nthe services' whole output: ${folder}`, { cause: error });
  } finally {
    await notifiers.tearDown().catch(() => undefined);
    await cluster.tearDown().catch(() => undefined);
    await receiver.close();
  }
}
