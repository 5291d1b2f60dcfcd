import { integrationEnv, repositoryRoot, startProcess, type RunningProcess } from '@vigil/testing';

/**
 * Starts `npm run demo -- <args>` as a user does in a terminal, on the servers the integration
 * tests use (KAFKA_BROKERS and REDIS_URL in the environment win over the demo's own lookup),
 * without colours. `setsid` gives npm a process group of its own (npm's pid is the group's id), so
 * `interrupt` can do what Ctrl-C does: SIGINT to npm and the demo both.
 */
export function startDemo(args: readonly string[]): RunningProcess {
  return startProcess('setsid', ['npm', 'run', 'demo', '--', ...args], {
    cwd: repositoryRoot(),
    env: { ...process.env, ...integrationEnv(), NO_COLOR: '1' },
  });
}

/** Ctrl-C in a terminal: SIGINT to every process of the demo's foreground group. */
export function interrupt(demo: RunningProcess): void {
  signalGroup(demo, 'SIGINT');
}

/** SIGKILL to the demo's group, for a test's clean-up when the demo does not stop. */
export function killGroup(demo: RunningProcess): void {
  signalGroup(demo, 'SIGKILL');
}

function signalGroup(demo: RunningProcess, signal: NodeJS.Signals): void {
  if (demo.child.pid === undefined || demo.child.exitCode !== null || demo.child.signalCode !== null) return;
  process.kill(-demo.child.pid, signal);
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
