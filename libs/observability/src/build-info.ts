import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Gauge, type Registry } from 'prom-client';

/** What `vigil_build_info` says about the running code. */
export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly nodeVersion: string;
}

/**
 * The version of the `vigil` package this code belongs to, read from the nearest package.json
 * named `vigil` above this file (the repository root, the image's /app, or an installed
 * package). The revision is that version too: images are built without `.git` and the build is
 * plain `tsc`, so no commit id is known at run time; a release's version names its commit.
 */
export function readBuildInfo(from: string = __dirname): BuildInfo {
  const version = vigilVersion(from) ?? 'unknown';
  return { version, revision: version, nodeVersion: process.version };
}

function vigilVersion(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      if (isRecord(parsed) && parsed['name'] === 'vigil' && typeof parsed['version'] === 'string') return parsed['version'];
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `vigil_build_info{version,revision,node_version} 1`, Prometheus's usual build-info series. */
export function registerBuildInfo(registry: Registry, info: BuildInfo = readBuildInfo()): void {
  const gauge = new Gauge({
    name: 'vigil_build_info',
    help: 'Always 1; the labels say which vigil version (revision: the same, see docs/deploy.md) and Node.js version run.',
    labelNames: ['version', 'revision', 'node_version'],
    registers: [registry],
  });
  gauge.set({ version: info.version, revision: info.revision, node_version: info.nodeVersion }, 1);
}
