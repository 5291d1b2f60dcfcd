import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './child-process';
import { repositoryRoot } from './integration-env';
import { waitFor } from './wait-for';

/**
 * Compiles one app (and the libraries it references) with `tsc -b`, as `npm run build` does for
 * all. tsc -b skips what is up to date, so calling this before every boot test is cheap.
 */
export function buildApp(app: string): void {
  const root = repositoryRoot();
  const tsc = [join(root, 'tools/node24/run.sh'), join(root, 'node_modules/typescript/bin/tsc'), '-b', `apps/${app}/tsconfig.lib.json`];
  try {
    execFileSync('bash', tsc, { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const stdout = (error as { stdout?: Buffer }).stdout?.toString('utf8') ?? '';
    throw new Error(`building apps/${app} failed:\n${stdout}`);
  }
}

/**
 * Starts `apps/<app>/dist/main.js` under Node 24 the way operators do. run.sh ends in `exec`, so
 * the child's pid is Node's own and signals reach the service directly.
 */
export function startApp(app: string, env: Record<string, string>): RunningProcess {
  const root = repositoryRoot();
  return startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, `apps/${app}/dist/main.js`)], {
    cwd: root,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GET with the status and body; network errors reject (waitFor treats that as "not yet"). */
export async function httpGet(url: string): Promise<{ status: number; body: string; contentType: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

/** A service process started by `startReadyApp`, ready to serve. */
export interface ReadyApp {
  readonly process: RunningProcess;
  readonly port: number;
}

/**
 * Starts `apps/<app>/dist/main.js` on a free port of 127.0.0.1 and waits until `/health/ready`
 * answers 200; a process that dies first fails with its output. Deployments in e2e tests start
 * every service this way.
 */
export async function startReadyApp(app: string, name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ReadyApp> {
  const port = await freePort();
  const process = startApp(app, { HOST: '127.0.0.1', ...env, PORT: String(port) });
  const ready = await waitFor(
    async () => {
      if (process.child.exitCode !== null || process.child.signalCode !== null) return 'died';
      return (await httpGet(`http://127.0.0.1:${port}/health/ready`)).status === 200 ? 'ready' : undefined;
    },
    { timeoutMs, intervalMs: 200, what: `${name} ready` },
  ).catch((error: unknown) => {
    process.kill();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${process.output()}`);
  });
  if (ready !== 'ready') throw new Error(`${name} did not become ready:\n${process.output()}`);
  return { process, port };
}
