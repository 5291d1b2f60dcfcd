'use strict';
// Resolves `@vigil/<name>` to this checkout's (or this installed package's) own workspace packages,
// whatever node_modules holds. In a clone npm links node_modules/@vigil/* to libs/* and apps/*,
// but a package installed from a tarball (`npm install -g vigil-0.1.0.tgz`, or a project that
// depends on one) carries libs/*/dist and apps/*/dist without those links: npm never packs the
// links of a workspace. The CLI is loaded with `node --require <this file>`, and Node's
// synchronous module hooks (module.registerHooks, Node 23.5+) map each name to the `main` of the
// package that declares it, for require and import alike. Our own names always win, so an
// unrelated `@vigil/...` package elsewhere on the resolution path is never picked up.
const { readdirSync, readFileSync } = require('node:fs');
const { registerHooks } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..', '..');

/** Name -> file URL of the entry point, for every libs/* and apps/* package with a package.json. */
function workspaceEntries() {
  const entries = new Map();
  for (const group of ['libs', 'apps']) {
    let names;
    try {
      names = readdirSync(path.join(root, group));
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = path.join(root, group, name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (typeof manifest.name === 'string' && typeof manifest.main === 'string') {
        entries.set(manifest.name, pathToFileURL(path.join(dir, manifest.main)).href);
      }
    }
  }
  return entries;
}

const entries = workspaceEntries();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const url = entries.get(specifier);
    if (url === undefined) return nextResolve(specifier, context);
    return { url, shortCircuit: true };
  },
});
