import { integrationEnv, repositoryRoot, startProcess, type RunningProcess } from '@vigil/testing';

/**
 * Starts `npm run demo -- <args>` as a user does, on the servers the integration tests use
 * (KAFKA_BROKERS and REDIS_URL in the environment win over the demo's own lookup), without colours.
 * npm runs the demo as its direct child (the script `exec`s it) and forwards SIGINT to it, as a
 * Ctrl-C in a terminal reaches it.
 */
export function startDemo(args: readonly string[]): RunningProcess {
  return startProcess('npm', ['run', 'demo', '--', ...args], {
    cwd: repositoryRoot(),
    env: { ...process.env, ...integrationEnv(), NO_COLOR: '1' },
  });
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
