import { spawn, type ChildProcess } from 'node:child_process';
import { integrationEnv, repositoryRoot } from '@vigil/testing';

/** `npm run demo -- <args>` as a user starts it, its output collected. */
export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  output(): string;
  /** Resolves with npm's exit code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Ctrl-C in a terminal: SIGINT to the whole foreground process group (npm, its shell, the demo). */
  interrupt(): void;
  /** SIGKILL to the group, for test cleanup. */
  kill(): void;
}

/**
 * Starts the demo in a process group of its own, as a terminal would run it, on the servers the
 * integration tests use (KAFKA_BROKERS and REDIS_URL in the environment win over the demo's own
 * lookup).
 */
export function startDemo(args: readonly string[]): DemoProcess {
  const child = spawn('npm', ['run', 'demo', '--', ...args], {
    cwd: repositoryRoot(),
    env: { ...process.env, ...integrationEnv(), NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const all: string[] = [];
  const out: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    all.push(chunk.toString('utf8'));
    out.push(chunk.toString('utf8'));
  });
  child.stderr?.on('data', (chunk: Buffer) => all.push(chunk.toString('utf8')));
  const exited = new Promise<number | NodeJS.Signals>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
  });
  const group = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group has ended.
    }
  };
  return { child, stdout: () => out.join(''), output: () => all.join(''), exited, interrupt: () => group('SIGINT'), kill: () => group('SIGKILL') };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
