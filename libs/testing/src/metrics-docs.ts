import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './integration-env';

/**
 * The `vigil_*` series a doc's metrics section names: every backquoted `vigil_` name in the first
 * cell of a table row, from the heading that starts with `heading` to the next heading of the
 * same level. Labels written after a name (`{task,node}`) are left out.
 */
export function documentedMetricNames(docPath: string, heading: string): string[] {
  const lines = readFileSync(join(repositoryRoot(), docPath), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`${docPath} has no heading ${heading}`);
  const level = /^#+/.exec(heading)?.[0] ?? '##';
  const names = new Set<string>();
  for (const line of lines.slice(start + 1)) {
    if (new RegExp(`^${level} `).test(line)) break;
    if (!line.startsWith('|')) continue;
    const first = line.split('|')[1] ?? '';
    for (const match of first.matchAll(/`(vigil_[a-z0-9_]+)/g)) names.add(match[1] as string);
  }
  return [...names].sort();
}

/** The `vigil_*` names a prom-client registry holds (the process's default metrics left out). */
export function registeredMetricNames(registry: { getMetricsAsArray(): readonly { readonly name: string }[] }): string[] {
  return registry
    .getMetricsAsArray()
    .map((metric) => metric.name)
    .filter((name) => name.startsWith('vigil_'))
    .sort();
}
