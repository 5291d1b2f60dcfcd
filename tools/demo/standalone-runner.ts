import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChildService, ServiceFailedError } from './child-service';
import { portPreferring } from './free-port';
import { STOP_GRACE_MS, type DeploymentContext, type VigilDeployment } from './vigil-deployment';

const READY_TIMEOUT_MS = 90_000;

/**
 * `vigil serve`: ingest, evaluator and notifier in one process, no Kafka, no Redis. The data folder
 * is new for every run, so the alert levels of an earlier run do not hold back this run's alerts
 * (the task sends state changes only).
 */
export async function startStandalone(context: DeploymentContext): Promise<VigilDeployment> {
  const dataDir = join(context.runDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const port = await portPreferring(context.preferredPort);
  const service = new ChildService({
    name: 'vigil',
    script: 'tools/bin/vigil.cjs',
    args: ['serve', '--data', dataDir, '--port', String(port), '--task', context.taskFile],
    env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info' },
    root: context.root,
    logDir: context.logDir,
  });
  const { url, pid } = await listening(service, context.signal).catch(async (error: unknown) => {
    await service.stop(STOP_GRACE_MS);
    throw error;
  });
  context.say('vigil', `vigil serve on ${url} (pid ${pid ?? service.pid}, data ${dataDir}, log ${service.logFile})`);
  return {
    url,
    services: [service],
    stop: async () => {
      await service.stop(STOP_GRACE_MS);
    },
  };
}

interface Listening {
  readonly url: string;
  /** The server's own pid (the `vigil` launcher runs it as a child process). */
  readonly pid: number | undefined;
}

/** Resolves with what the line `vigil serve` logs once it listens says (pino JSON, msg "vigil standalone listening"). */
function listening(service: ChildService, signal: AbortSignal): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new ServiceFailedError(service, `vigil serve did not listen within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      outcome();
    };
    const aborted = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', aborted, { once: true });
    service.onLine((line) => {
      const listening = listeningLine(line);
      if (listening !== undefined) settle(() => resolve(listening));
    });
    void service.exited.then((outcome) => settle(() => reject(new ServiceFailedError(service, `vigil serve exited (${outcome}) before it listened`))));
  });
}

function listeningLine(line: string): Listening | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown; pid?: unknown };
    if (entry.msg !== 'vigil standalone listening' || typeof entry.url !== 'string') return undefined;
    return { url: entry.url.replace(/\/$/, ''), pid: typeof entry.pid === 'number' ? entry.pid : undefined };
  } catch {
    return undefined;
  }
}
