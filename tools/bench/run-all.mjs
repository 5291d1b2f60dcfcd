// `npm run bench`: runs every benchmark of the project one after the other, each in its own
// Node 24 process on the TypeScript sources, and prints their figures. Benchmarks only print;
// nothing here asserts a time. Pass names to run a subset: `npm run bench -- engine parse`.
// The service benchmarks (ingest, evaluator, notifier, serve) run real processes against the
// servers of `npm run infra -- up` (serve needs none); they run only when named, or with `all`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCHMARKS = [
  { name: 'parse', file: 'libs/line-protocol/bench/parse.bench.ts', about: 'line-protocol parse rate' },
  { name: 'lambda', file: 'libs/tick-engine/bench/lambda.bench.ts', about: 'lambda evaluations per second' },
  { name: 'engine', file: 'libs/tick-engine/bench/engine.bench.ts', about: 'engine points/s and heap per group' },
  { name: 'evaluation', file: 'libs/evaluation/bench/runtime.bench.ts', about: 'partition runtime (decode + engine + checkpoint)' },
  { name: 'ingest', file: 'e2e/ingest/ingest-rate.bench.ts', about: 'ingest /write points/s acknowledged by Kafka', service: true },
  { name: 'evaluator', file: 'e2e/evaluator/evaluator-rate.bench.ts', about: 'evaluator points/s through Kafka and Redis with 1 and 2 evaluators: from spawn and after ready, CPU s per million points, join time, peak RSS', service: true },
  { name: 'state', file: 'e2e/evaluator/state.bench.ts', about: 'evaluator state at 10k, 100k and 1M groups: rate, bytes per changed group, RSS, groups evicted, restore', service: true },
  { name: 'notifier', file: 'e2e/notifier/notifier-rate.bench.ts', about: 'notifier deliveries/s to a local HTTP broker', service: true },
  { name: 'burst', file: 'e2e/notifier/burst.bench.ts', about: 'a burst of 10,000 alert events drained by vigil serve and by a notifier to one HTTP receiver: deliveries/s before and after', service: true },
  { name: 'serve', file: 'e2e/standalone/serve-rate.bench.ts', about: 'vigil serve points/s written, evaluated and delivered', service: true },
  { name: 'serve-state', file: 'e2e/standalone/serve-state.bench.ts', about: 'vigil serve state at 10k, 100k and 1M groups: rate, state bytes per step, peak RSS, restore', service: true },
];

const wanted = process.argv.slice(2);
const selected =
  wanted.length === 0
    ? BENCHMARKS.filter((bench) => !bench.service)
    : wanted.includes('all')
      ? BENCHMARKS
      : BENCHMARKS.filter((bench) => wanted.includes(bench.name));
if (selected.length === 0) {
  console.error(`unknown benchmark(s) ${wanted.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}, all`);
  process.exit(1);
}

let failed = 0;
for (const bench of selected) {
  console.log(`\n== ${bench.name}: ${bench.about} (${bench.file})`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@vigil/source', join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, bench.file)],
    { stdio: 'inherit', cwd: root },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`benchmark ${bench.name} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
