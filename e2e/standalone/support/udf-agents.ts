import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '@vigil/testing';

/** Kapacitor 1.5.9's example agents built on this machine, or why they could not be. */
export type KapacitorAgents = { readonly movingAverage: string; readonly outliers: string } | { readonly unavailable: string };

/**
 * Builds Kapacitor's example UDF agents from its Go module (tools/udf-agents/build.sh, once per
 * machine), warning when that is not possible so the spec that needs them skips with the reason.
 */
export function kapacitorAgentsOrWarn(): KapacitorAgents {
  const build = spawnSync('bash', [join(repositoryRoot(), 'tools/udf-agents/build.sh')], { encoding: 'utf8', timeout: 600_000 });
  const folder = build.stdout.trim().split('\n').pop() ?? '';
  if (build.status === 0 && folder !== '') return { movingAverage: join(folder, 'moving_avg-v1.5.9'), outliers: join(folder, 'outliers-v1.5.9') };
  const unavailable = build.stderr.trim().split('\n').slice(-3).join(' / ') || `build.sh exited with ${String(build.status ?? build.signal)}`;
  console.warn(`\n*** UDF agents e2e SKIPPED: could not build Kapacitor 1.5.9's example agents: ${unavailable} ***\n`);
  return { unavailable };
}
