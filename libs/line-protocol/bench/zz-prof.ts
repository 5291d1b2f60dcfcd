import { parseLines } from '../src';
import { generateLines } from './parse.bench';
const lines = generateLines(1_000_000);
const batches: string[] = [];
for (let i = 0; i < lines.length; i += 5000) batches.push(lines.slice(i, i + 5000).join('\n') + '\n');
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  const c0 = process.threadCpuUsage();
  let n = 0;
  for (const b of batches) n += parseLines(b).points.length;
  const c1 = process.threadCpuUsage(c0);
  console.log(r, 'wall', Math.round(n / ((performance.now() - t) / 1000)), 'cpu', Math.round(n / ((c1.user + c1.system) / 1e6)));
}
