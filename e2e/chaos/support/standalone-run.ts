import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { waitFor } from '@vigil/testing';
import { oracleByAlertId } from '../../evaluator/support/alert-oracle';
import { startServe, type ServeProcess } from '../../standalone/support/standalone-process';
import { providerHealthTickPostingTo } from '../../evaluator/support/provider-points';
import { chaosStream } from './chaos-stream';
import type { ChaosSize } from './chaos-size';
import { deliveryFigures } from './delivery-figures';
import { RecordingReceiver } from './recording-receiver';
import { RetryingWriter } from './retrying-writer';
import { RunProgress } from './run-progress';
import type { ScenarioResult } from './scenario-result';

/** `vigil serve` in one run: the server of now, restartable on the same data folder. */
export interface StandaloneRun {
  readonly size: ChaosSize;
  readonly receiver: RecordingReceiver;
  readonly progress: RunProgress;
  readonly dataDir: string;
  /** The server running now (the latest started). */
  current(): ServeProcess;
  /** SIGKILL of the server itself, then a new one on the same data folder. */
  killAndRestart(): Promise<void>;
  /** SIGTERM (SIGKILL if it does not stop within 20 s), then a new one on the same data folder. */
  restart(): Promise<void>;
}

export interface StandaloneRunOptions {
  readonly scenario: string;
  readonly size: ChaosSize;
  /** The data folder (e.g. on a small filesystem); default a fresh temporary folder. */
  readonly dataDir?: string;
  readonly fault: (run: StandaloneRun) => Promise<string>;
}

/** How long a run waits, after the writer and the fault are done, for the last notifications. */
const SETTLE_MS = { ci: 60_000, small: 120_000, full: 300_000 } as const;

/**
 * One chaos run on `vigil serve`: the seed task posting to a recording receiver, the stream
 * written through a retrying writer that follows the server across restarts, the fault beside
 * it. Serve has no consumer group to ask whether all is settled, so the run waits until every
 * expected notification arrived (or the size's time is up, which then shows as missing) and a
 * moment more for repeats, and stops the server with SIGTERM.
 */
export async function runStandalone(options: StandaloneRunOptions): Promise<ScenarioResult> {
  const receiver = await RecordingReceiver.start();
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-chaos-serve-'));
  const dataDir = options.dataDir ?? join(scratch, 'data');
  const script = providerHealthTickPostingTo(receiver.url());
  const taskFile = join(scratch, 'provider_health.tick');
  writeFileSync(taskFile, script);
  const stream = chaosStream(options.size);
  const oracle = oracleByAlertId('provider_health', script, SERIES_PARTITION_KEYS, stream.points);
  const progress = new RunProgress(stream.batches.length, [...oracle.values()].reduce((sum, list) => sum + list.length, 0), receiver);
  const servers: ServeProcess[] = [await startServe(dataDir, ['--task', taskFile])];
  const current = (): ServeProcess => servers[servers.length - 1] as ServeProcess;
  // While a server is down the writer's requests fail and are retried: the URL of a stopped server.
  let baseUrl = current().url;
  const replace = async (stop: (serve: ServeProcess) => Promise<unknown>) => {
    await stop(current());
    const next = await startServe(dataDir);
    servers.push(next);
    baseUrl = next.url;
  };
  const run: StandaloneRun = {
    size: options.size,
    receiver,
    progress,
    dataDir,
    current,
    killAndRestart: () => replace((serve) => serve.kill()),
    restart: () => replace(stopWithin20s),
  };
  try {
    const writer = new RetryingWriter({
      baseUrl: () => baseUrl,
      query: 'db=vigil&rp=autogen',
      onAcknowledged: progress.onAcknowledged,
      pauseMs: options.size.pauseMs,
      abandonAfterMs: options.size.writeGiveUpMs,
    });
    const [written, faults] = await Promise.all([writer.write(stream.batches), options.fault(run)]);
    await waitFor(() => deliveryFigures(oracle, receiver.deliveries()).missing === 0, { timeoutMs: SETTLE_MS[options.size.name], intervalMs: 500, what: 'every expected notification' }).catch(() => undefined);
    await sleep(2_000);
    await stopWithin20s(current());
    return { scenario: options.scenario, figures: deliveryFigures(oracle, receiver.deliveries()), writer: written, faults };
  } finally {
    for (const serve of servers) serve.cleanup();
    await receiver.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function stopWithin20s(serve: ServeProcess): Promise<void> {
  serve.process.child.kill('SIGTERM');
  const stopped = await Promise.race([serve.process.exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!stopped) {
    serve.cleanup();
    await serve.process.exited.catch(() => undefined);
  }
}
