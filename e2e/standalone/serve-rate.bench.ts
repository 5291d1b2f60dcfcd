/**
 * Standalone rate on this machine: `vigil serve` with the seed's provider-health task, line
 * protocol bodies of 5000 lines POSTed to /write by a few concurrent writers (every request must
 * get 204: its points are fsynced in the point log), then waiting until the evaluator has taken
 * every point and the notifier has delivered every event to a local broker. Prints points/s for
 * the writes alone and for the whole pipeline.
 *
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source e2e/standalone/serve-rate.bench.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpGet, waitFor } from '@vigil/testing';
import { PROVIDER_HEALTH_TICK } from '../evaluator/support/provider-points';
import { AlertReceiver } from './support/alert-receiver';
import { startServe } from './support/standalone-process';

const LINES_PER_BODY = 5000;
const BODIES = Number(process.env['BODIES'] ?? 100);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 4);

/** 500 resources x 7 providers; each group fails now and then, so CRITICAL and INFO events flow. */
function body(index: number): string {
  const lines: string[] = new Array<string>(LINES_PER_BODY);
  const base = 1_684_713_065_000_000_000n + BigInt(index) * BigInt(LINES_PER_BODY) * 1_000_000n;
  for (let i = 0; i < LINES_PER_BODY; i++) {
    const n = index * LINES_PER_BODY + i;
    const failing = Math.floor(n / 3500) % 20 === 7;
    lines[i] = `performance_influx,nome_recurso=r${n % 500},nome_provedor=p${n % 7} latencia=${(n % 97) * 1.5},sucesso=${failing ? 0 : 1}i ${base + BigInt(i) * 1_000_000n}`;
  }
  return lines.join('\n');
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(name));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-bench-'));
  const receiver = new AlertReceiver();
  const url = await receiver.start();
  const taskFile = join(dir, 'provider_health.tick');
  writeFileSync(taskFile, PROVIDER_HEALTH_TICK.replace("'http://localhost:9000/alerts'", `'${url}'`));
  const serve = await startServe(join(dir, 'data'), ['--task', taskFile]);
  try {
    const bodies = Array.from({ length: BODIES }, (_, i) => body(i));
    const total = BODIES * LINES_PER_BODY;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const response = await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: bodies[next++] });
          if (response.status !== 204) throw new Error(`write answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
    const written = performance.now();
    let evaluatedAt = 0;
    const metrics = await waitFor(
      async () => {
        const text = (await httpGet(`${serve.url}/metrics`)).body;
        const evaluated = metric(text, 'vigil_evaluator_task_points_total{task="provider_health"');
        const events = metric(text, 'vigil_evaluator_events_total{level="CRITICAL"') + metric(text, 'vigil_evaluator_events_total{level="INFO"');
        if (evaluated === total && evaluatedAt === 0) evaluatedAt = performance.now();
        return evaluated === total && receiver.bodies.length === events ? { events } : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 200, what: 'every point evaluated and every event delivered' },
    );
    const done = performance.now();
    const finalMetrics = (await httpGet(`${serve.url}/metrics`)).body;
    const rss = metric(finalMetrics, 'process_resident_memory_bytes');
    const heap = metric(finalMetrics, 'nodejs_heap_size_used_bytes');
    console.log(`${total} points in ${BODIES} bodies of ${LINES_PER_BODY} lines, ${CONCURRENCY} writers, 3500 groups`);
    console.log(`writes (204 = fsynced):       ${Math.round(total / ((written - started) / 1000))} points/s (${((written - started) / 1000).toFixed(1)} s)`);
    console.log(`write to evaluated:            ${Math.round(total / ((evaluatedAt - started) / 1000))} points/s (${((evaluatedAt - started) / 1000).toFixed(1)} s)`);
    console.log(`write to delivered, end to end: ${Math.round(total / ((done - started) / 1000))} points/s (${((done - started) / 1000).toFixed(1)} s, ${metrics.events} events delivered)`);
    console.log(`server at the end: RSS ${Math.round(rss / 1024 / 1024)} MiB, heap used ${Math.round(heap / 1024 / 1024)} MiB`);
    await serve.stop();
  } finally {
    serve.cleanup();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
