import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor, type RunningProcess } from '@vigil/testing';

/** A `vigil serve` child process, started the way a user starts it. */
export interface ServeProcess {
  readonly process: RunningProcess;
  /** The URL from the "vigil standalone listening" line. */
  readonly url: string;
  /** The server's own pid: `vigil` is a launcher that runs the server as its child. */
  readonly serverPid: number;
  /** SIGTERM (through the launcher, as a service manager would) and the exit code. */
  stop(): Promise<number | NodeJS.Signals>;
  /** SIGKILL of the server itself: nothing is flushed or saved. */
  kill(): Promise<number | NodeJS.Signals>;
  /**
   * For test clean-up: SIGKILL of the server and its launcher if still running. A server whose
   * launcher is gone stops on its own (as on SIGTERM), but a test that failed may have left it
   * stuck, so the server is killed first rather than left to finish shutting down after the test.
   */
  cleanup(): void;
}

interface ListeningLine {
  readonly msg: string;
  readonly url: string;
  readonly pid: number;
}

/**
 * Starts `bash tools/node24/run.sh tools/bin/vigil.cjs serve --data DIR --port 0 ...` and waits
 * for its listening line (port 0: the server picks a free port and says which). `root`: another
 * copy of vigil to run (a bench comparing builds); this checkout by default.
 */
export async function startServe(dataDir: string, args: readonly string[] = [], root = repositoryRoot()): Promise<ServeProcess> {
  const running = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), 'serve', '--data', dataDir, '--port', '0', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_LEVEL: 'info', NODE_OPTIONS: process.env['SERVE_NODE_OPTIONS'] },
  });
  let listening: ListeningLine;
  try {
    listening = await Promise.race([
      waitFor(() => listeningLine(running.stdout()), { timeoutMs: 60_000, intervalMs: 100, what: 'vigil serve listening' }),
      running.exited.then((code) => Promise.reject(new Error(`vigil serve exited with ${code} before listening`))),
    ]);
  } catch (error) {
    running.kill();
    throw new Error(`${(error as Error).message}\n${running.output()}`);
  }
  return {
    process: running,
    url: listening.url,
    serverPid: listening.pid,
    stop: async () => {
      running.child.kill('SIGTERM');
      return running.exited;
    },
    kill: async () => {
      process.kill(listening.pid, 'SIGKILL');
      return running.exited;
    },
    cleanup: () => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) return;
      try {
        process.kill(listening.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      running.kill();
    },
  };
}

function listeningLine(stdout: string): ListeningLine | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.includes('vigil standalone listening')) continue;
    const parsed = JSON.parse(line) as ListeningLine;
    if (parsed.msg === 'vigil standalone listening') return parsed;
  }
  return undefined;
}
