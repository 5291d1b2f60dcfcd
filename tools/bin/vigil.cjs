#!/usr/bin/env node
'use strict';
// The `vigil` command. It runs the CLI from its TypeScript sources under Node 24, fetching Node 24
// from the npm registry into the project's cache first when this machine has an older Node.
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..', '..');
const ensured = spawnSync('bash', [path.join(root, 'tools/node24/ensure.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (ensured.status !== 0) process.exit(ensured.status ?? 1);
const nodeBin = ensured.stdout.trim();

const child = spawn(
  nodeBin,
  ['--conditions=@vigil/source', '--import', pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href, path.join(root, 'apps/cli/src/main.ts'), ...process.argv.slice(2)],
  // The IPC channel is how `vigil serve` learns that this launcher is gone, even by SIGKILL.
  { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], cwd: process.cwd(), env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
