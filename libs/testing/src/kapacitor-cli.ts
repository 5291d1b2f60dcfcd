import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from './integration-env';

/** The real `kapacitor` CLI, or why it could not be built. */
export type KapacitorCli = { readonly binary: string } | { readonly unavailable: string };

/**
 * Builds (or finds, once built) the `kapacitor` 1.5.9 CLI with tools/kapacitor-cli/build.sh.
 * CI builds it before the tests; a machine without Go or the module proxy gets the reason.
 */
export function kapacitorCli(): KapacitorCli {
  const build = spawnSync('bash', [join(repositoryRoot(), 'tools/kapacitor-cli/build.sh')], { encoding: 'utf8', timeout: 600_000 });
  const binary = build.stdout.trim().split('\n').pop() ?? '';
  if (build.status === 0 && binary !== '') return { binary };
  const why = build.stderr.trim().split('\n').slice(-3).join(' / ') || `build.sh exited with ${String(build.status ?? build.signal)}`;
  return { unavailable: why };
}
