'use strict';
// Keeps the compiled CLI (apps/cli/dist and the dist of every library it references) as fresh as
// its TypeScript sources, so that `vigil` in a clone never runs stale code and never needs tsx.
//
// npm's `prepare` step builds everything once (`npm ci`, `npm install`, `npm pack`). After that,
// each `vigil` start in a clone compares modification times the way `tsc -b` decides what is up
// to date (newest input against the project's .tsbuildinfo) but without starting TypeScript,
// which costs a few milliseconds; only when a project changed does it run `tsc -b` on the CLI's
// projects, which recompiles just those. An installed package (a tarball has no sources and no
// TypeScript) runs its dist as shipped.
const { spawnSync } = require('node:child_process');
const { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const CLI_PROJECT = 'apps/cli/tsconfig.lib.json';
const TEST_FILE = /\.(spec|int-spec|test)\.ts$/;
/** How long a start waits for another start's build before it builds anyway. */
const LOCK_WAIT_MS = 180_000;
/**
 * Written into each project's dist when a build by this file ends, with the time the build
 * started: tsc leaves .tsbuildinfo alone when a changed input (a folder whose test file was
 * edited, say) changes nothing it emits, and without the stamp every start would run tsc again.
 */
const STAMP = '.vigil-built';

/** The tsconfig files of the CLI and of every project it references, transitively. */
function cliProjects(root) {
  const seen = new Set();
  const visit = (config) => {
    const file = path.resolve(root, config);
    if (seen.has(file)) return;
    seen.add(file);
    const { references = [] } = JSON.parse(readFileSync(file, 'utf8'));
    for (const reference of references) visit(path.resolve(path.dirname(file), reference.path));
  };
  visit(CLI_PROJECT);
  return [...seen];
}

/** Newest modification time among a project's compiler inputs: its sources (not tests), folders, manifests. */
function newestInput(projectDir) {
  let newest = 0;
  const note = (file) => {
    newest = Math.max(newest, statSync(file).mtimeMs);
  };
  const walk = (dir) => {
    // A folder's time changes when a file in it is added, removed or renamed.
    note(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if ((entry.name.endsWith('.ts') && !TEST_FILE.test(entry.name)) || entry.name.endsWith('.json')) note(file);
    }
  };
  walk(path.join(projectDir, 'src'));
  for (const manifest of ['package.json', 'tsconfig.lib.json']) {
    const file = path.join(projectDir, manifest);
    if (existsSync(file)) note(file);
  }
  return newest;
}

/** The projects whose newest input is newer than their last build (all of them when never built). */
function staleProjects(root) {
  const shared = Math.max(...['tsconfig.base.json', 'tsconfig.build-base.json'].map((file) => statSync(path.join(root, file)).mtimeMs));
  return cliProjects(root)
    .map((config) => path.dirname(config))
    .filter((dir) => {
      const built = Math.max(...['.tsbuildinfo', STAMP].map((name) => path.join(dir, 'dist', name)).map((file) => (existsSync(file) ? statSync(file).mtimeMs : -1)));
      return Math.max(shared, newestInput(dir)) > built;
    })
    .map((dir) => path.relative(root, dir));
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `build` while holding a lock folder, so that two `vigil` starts (parallel tests, a shell
 * loop) never write the same dist files at once. A lock whose owner died is taken over.
 */
function withBuildLock(root, build) {
  const lock = path.join(root, '.cache', 'cli-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // The owner has made the folder but not written its pid yet.
      }
      if ((Number.isInteger(owner) && !processAlive(owner)) || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    return build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Marks every CLI project as built from the sources as they were at `started`. */
function stamp(root, started) {
  for (const config of cliProjects(root)) {
    const dist = path.join(path.dirname(config), 'dist');
    if (!existsSync(dist)) continue;
    const file = path.join(dist, STAMP);
    closeSync(openSync(file, 'w'));
    utimesSync(file, started, started);
  }
}

/**
 * Makes sure apps/cli/dist/main.js exists and, in a clone, matches the sources. Returns the path
 * of main.js, or undefined after saying on stderr why the CLI cannot run.
 */
function ensureBuilt(root, nodeBin) {
  const main = path.join(root, 'apps/cli/dist/main.js');
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const clone = existsSync(path.join(root, 'apps/cli/src/main.ts')) && existsSync(path.join(root, CLI_PROJECT));
  if (!clone || !existsSync(tsc)) {
    if (existsSync(main)) return main;
    process.stderr.write(`vigil: ${main} is missing; in a clone run \`npm install\` (or \`npm run build\`) in ${root}\n`);
    return undefined;
  }
  if (staleProjects(root).length === 0) return main;
  return withBuildLock(root, () => {
    // Another start may have built while this one waited for the lock.
    const stale = staleProjects(root);
    if (stale.length === 0) return main;
    const shown = stale.length > 3 ? `${stale.slice(0, 3).join(', ')} and ${stale.length - 3} more` : stale.join(', ');
    process.stderr.write(`vigil: compiling the CLI (changed since the last build: ${shown})\n`);
    const started = new Date();
    const built = spawnSync(nodeBin, [tsc, '-b', CLI_PROJECT], { cwd: root, encoding: 'utf8' });
    if (built.status === 0) {
      stamp(root, started);
      return main;
    }
    // tsc -b emits despite type errors (the sources' authors see them in `npm run typecheck`);
    // like the TypeScript runner this replaces, run what it emitted and say so in one line.
    const errors = (built.stdout.match(/error TS\d+/g) ?? []).length;
    if (errors > 0 && existsSync(main)) {
      stamp(root, started);
      process.stderr.write(`vigil: the sources have ${errors} type error${errors === 1 ? '' : 's'} (\`npm run build\` lists them); running what tsc emitted\n`);
      return main;
    }
    process.stderr.write(`${built.stdout}${built.stderr}vigil: building the CLI failed (${built.error?.message ?? `tsc exit ${built.status}`})\n`);
    return undefined;
  });
}

module.exports = { ensureBuilt, staleProjects };
