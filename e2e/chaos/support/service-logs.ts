import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@vigil/testing';
import type { NamedProcess } from '../../support/throwaway-deployment';

/**
 * Writes the whole output of a failed run's services to `.vigil/chaos/logs/<time>-<scenario>/`,
 * one file per process, and returns that folder: a timeout message carries only the end of each
 * output, and the processes (with what they wrote) are gone once the run is torn down.
 */
export function keepServiceLogs(scenario: string, processes: readonly NamedProcess[]): string {
  const folder = join(repositoryRoot(), '.vigil', 'chaos', 'logs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${scenario}`);
  mkdirSync(folder, { recursive: true });
  for (const { name, process } of processes) writeFileSync(join(folder, `${name}.log`), process.output());
  return folder;
}
