import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './child-process';
import { repositoryRoot } from './integration-env';

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
