#!/usr/bin/env node
'use strict';
// The `vigil` command. It runs the compiled CLI (apps/cli/dist/main.js) under Node 24, fetching
// Node 24 from the npm registry into a cache first when this machine has another Node. In a clone
// it first recompiles what changed since the last build (tools/bin/cli-build.cjs); an installed
// package runs its dist as shipped. Compiled JavaScript runs the same from any folder, where the
// TypeScript runner used before read the caller's tsconfig and failed outside the repository.
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');
const { ensureBuilt } = require('./cli-build.cjs');

const root = path.resolve(__dirname, '..', '..');
/** How often a launcher started by npm checks that npm's shell is still its parent. */
const PARENT_POLL_MS = 500;
const ensured = spawnSync('bash', [path.join(root, 'tools/node24/ensure.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (ensured.status !== 0) process.exit(ensured.status ?? 1);
const nodeBin = ensured.stdout.trim();
const main = ensureBuilt(root, nodeBin);
if (main === undefined) process.exit(1);

const child = spawn(
  nodeBin,
  [...sourceMapFlags(process.env), '--require', path.join(__dirname, 'workspace-packages.cjs'), main, ...process.argv.slice(2)],
  // The IPC channel is how `vigil serve` learns that this launcher is gone, even by SIGKILL.
  { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], cwd: process.cwd() },
);

/**
 * Stack traces in TypeScript lines, only with VIGIL_SOURCE_MAPS=1: the maps of every loaded file
 * cost `vigil serve` about 7 MiB of its idle RSS (docs/standalone.md, "Measured rate"), and the
 * compiled JavaScript they map from is readable as it is.
 */
function sourceMapFlags(env) {
  return env.VIGIL_SOURCE_MAPS === '1' ? ['--enable-source-maps'] : [];
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// `npx vigil` and `npm run` start this launcher through `sh -c`; on SIGTERM npm signals that shell,
// which dies without passing the signal on, and this launcher was left running under init with
// the server (its port, its data folder's lock). Under npm, then, losing the parent is a stop
// request. Only under npm: `nohup vigil serve &` from a shell that exits must keep running.
if (process.env.npm_command !== undefined) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    child.kill('SIGTERM');
  }, PARENT_POLL_MS);
  child.on('exit', () => clearInterval(watch));
}
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, as a shell expects; the handler above would otherwise catch it.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
