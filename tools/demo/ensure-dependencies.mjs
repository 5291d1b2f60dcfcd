// Installs the npm dependencies when a fresh clone has none, the way .ci/run does: `npm ci`, exactly
// the lock file (whose prepare step also compiles the dist/ folders the vigil launcher runs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Packages the demo and the services it starts cannot run without; any missing one means "install". */
const SENTINELS = ['tsx', 'typescript', 'kafkajs', 'ioredis', '@nestjs/core', 'pino'];

/** Returns false (after saying why) when the dependencies are missing and could not be installed. */
export function ensureDependencies(root) {
  const missing = SENTINELS.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
  if (missing.length === 0) return true;
  console.log(`demo: installing the npm dependencies (missing: ${missing.join(', ')}); this takes a minute once`);
  const npm = npmCommand();
  const ci = spawnSync(npm.command, [...npm.args, 'ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (ci.status === 0) return true;
  console.error(`demo: npm ci failed (${ci.error?.message ?? `exit ${ci.status}`}); run it yourself in ${root} and try again`);
  return false;
}

/** The npm that started us (`npm run demo` sets npm_execpath), else the one on PATH. */
function npmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && execPath.endsWith('.js')) return { command: process.execPath, args: [execPath] };
  return { command: 'npm', args: [] };
}
