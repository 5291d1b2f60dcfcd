// `npm run demo`: the entry point. It runs under Node 24 (package.json starts it through
// tools/node24/run.sh, which fetches Node 24 first on a machine with an older Node), so on a
// fresh clone the only thing left to install is node_modules. That is done here, in plain
// JavaScript with Node's built-ins only, because the demo itself is TypeScript run through tsx,
// which is one of the packages being installed.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-dependencies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

if (!ensureDependencies(root)) process.exit(1);

// kafkajs (used to remove the run's topics) sets timers Node 24 warns about; the warning means
// nothing to a demo user, every other warning is still printed.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const { tsImport } = await import('tsx/esm/api');
const { runDemo } = await tsImport('./main.ts', import.meta.url);
// Exit explicitly: a client library may keep a timer alive after everything was stopped.
process.exit(await runDemo(process.argv.slice(2), root));
