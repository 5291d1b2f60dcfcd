/**
 * Standalone rate on this machine: `vigil serve` with the seed's provider-health task, line
 * protocol bodies of 5000 lines POSTed to /write by a few concurrent writers (every request must
 * get 204: its points are fsynced in the point log), then waiting until the evaluator has taken
 * every point and the notifier has delivered every event to a local broker. Then a steady phase:
 * bodies of 1000 lines five times a second (5,000 points/s) until STEADY_POINTS more points are
 * evaluated and delivered. Prints points/s for the writes alone and for the whole pipeline, the
 * server's CPU seconds per million points in both phases (from /proc: user + system), and its
 * idle and peak RSS, beside issue 15's figures from before the work on it.
 *
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source e2e/standalone/serve-rate.bench.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpGet, waitFor } from '@vigil/testing';
import { PROVIDER_HEALTH_TICK } from '../evaluator/support/provider-points';
import { AlertReceiver } from './support/alert-receiver';
import { startServe } from './support/standalone-process';

const LINES_PER_BODY = 5000;
const BODIES = Number(process.env['BODIES'] ?? 100);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 4);
/** Points of the steady phase at 5,000 points/s (0: no steady phase). */
const STEADY_POINTS = Number(process.env['STEADY_POINTS'] ?? 100_000);
const STEADY_LINES = 1000;
const STEADY_INTERVAL_MS = 200;
/** Groups: 7 providers x RESOURCES (made prime to 7 so every pair occurs). */
const PROVIDERS = 7;
const RESOURCES = ((count: number) => (count % PROVIDERS === 0 ? count + 1 : count))(Math.ceil(Number(process.env['GROUPS'] ?? 10_000) / PROVIDERS));
const GROUPS = RESOURCES * PROVIDERS;
/** Issue 15's figures for vigil serve before the work on it (seed task, 10k groups, this machine). */
const BEFORE = { endToEnd: '40,000', cpuFull: '24', cpuSteady: '53-55', idleRss: '165-179', peakRss: '812-850' };

/**
 * Lines from point `first` on, 1 ms of point time apart, every group once per round. Each group
 * fails for one round in 100, staggered, so about 2 % of the points raise or clear an alert in
 * every phase: CRITICAL and INFO events flow steadily rather than in one burst.
 */
function body(first: number, count: number): string {
  const lines: string[] = new Array<string>(count);
  const base = 1_684_713_065_000_000_000n + BigInt(first) * 1_000_000n;
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const failing = (Math.floor(n / GROUPS) + (n % GROUPS)) % 100 === 7;
    lines[i] = `performance_influx,nome_recurso=r${n % RESOURCES},nome_provedor=p${n % PROVIDERS} latencia=${(n % 97) * 1.5},sucesso=${failing ? 0 : 1}i ${base + BigInt(i) * 1_000_000n}`;
  }
  return lines.join('\n');
}

/** The server's CPU seconds so far (user + system) and its RSS and peak RSS in MiB, from /proc. */
function usage(pid: number): { cpu: number; rssMiB: number; peakMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { cpu: ticks / 100, rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

async function post(url: string, text: string): Promise<void> {
  const response = await fetch(`${url}/write?db=vigil&rp=autogen`, { method: 'POST', body: text });
  if (response.status !== 204) throw new Error(`write answered ${response.status}: ${await response.text()}`);
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(name));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Waits until `total` points are evaluated and every event written is delivered; the events so far, and when the last point was evaluated and the server's CPU seconds then. */
async function settled(url: string, pid: number, receiver: AlertReceiver, total: number): Promise<{ events: number; evaluatedAt: number; cpuEvaluated: number }> {
  let evaluatedAt = 0;
  let cpuEvaluated = 0;
  let last = { evaluated: 0, written: 0 };
  const events = await waitFor(
    async () => {
      const text = (await httpGet(`${url}/metrics`)).body;
      const evaluated = metric(text, 'vigil_evaluator_task_points_total{task="provider_health"');
      const written = metric(text, 'vigil_evaluator_events_total{level="CRITICAL"') + metric(text, 'vigil_evaluator_events_total{level="INFO"');
      last = { evaluated, written };
      if (evaluated === total && evaluatedAt === 0) {
        evaluatedAt = performance.now();
        cpuEvaluated = usage(pid).cpu;
      }
      return evaluated === total && receiver.bodies.length === written ? written : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 100, what: `${total} points evaluated and every event delivered` },
  ).catch((error: unknown) => {
    // Which of the two never came: the points (evaluation) or the deliveries (fewer, or more: a retried delivery).
    throw new Error(`${(error as Error).message}: ${last.evaluated} points evaluated, ${last.written} events written, ${receiver.bodies.length} delivered`, { cause: error });
  });
  return { events, evaluatedAt, cpuEvaluated };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-bench-'));
  const receiver = new AlertReceiver();
  const url = await receiver.start();
  const taskFile = join(dir, 'provider_health.tick');
  writeFileSync(taskFile, PROVIDER_HEALTH_TICK.replace("'http://localhost:9000/alerts'", `'${url}'`));
  // SERVE_ROOT: another copy of vigil (with its compiled dist) to measure, for before/after comparisons.
  const serve = await startServe(join(dir, 'data'), ['--task', taskFile], process.env['SERVE_ROOT'] || undefined);
  try {
    const pid = serve.serverPid;
    const bodies = Array.from({ length: BODIES }, (_, i) => body(i * LINES_PER_BODY, LINES_PER_BODY));
    const total = BODIES * LINES_PER_BODY;
    // Idle: started, nothing written yet, a few seconds for start-up garbage to go.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idle = usage(pid);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) await post(serve.url, bodies[next++] as string);
      }),
    );
    const written = performance.now();
    const full = await settled(serve.url, pid, receiver, total);
    const done = performance.now();
    const afterFull = usage(pid);
    const cpuEvaluated = ((full.cpuEvaluated - idle.cpu) / total) * 1e6;
    const cpuFull = ((afterFull.cpu - idle.cpu) / total) * 1e6;

    let steady: { cpu: number; seconds: number; events: number } | undefined;
    if (STEADY_POINTS > 0) {
      const before = usage(pid);
      const steadyStarted = performance.now();
      for (let sent = 0; sent < STEADY_POINTS; sent += STEADY_LINES) {
        const due = steadyStarted + (sent / STEADY_LINES) * STEADY_INTERVAL_MS;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await post(serve.url, body(total + sent, Math.min(STEADY_LINES, STEADY_POINTS - sent)));
      }
      const { events } = await settled(serve.url, pid, receiver, total + STEADY_POINTS);
      steady = { cpu: ((usage(pid).cpu - before.cpu) / STEADY_POINTS) * 1e6, seconds: (performance.now() - steadyStarted) / 1000, events: events - full.events };
    }
    const end = usage(pid);
    const seconds = (from: number, to: number): string => ((to - from) / 1000).toFixed(1);
    console.log(`${total} points in ${BODIES} bodies of ${LINES_PER_BODY} lines, ${CONCURRENCY} writers, ${GROUPS} groups; then ${STEADY_POINTS} points at 5,000/s in bodies of ${STEADY_LINES}`);
    console.log(`writes (204 = fsynced):  ${Math.round(total / ((written - started) / 1000))} points/s (${seconds(started, written)} s)`);
    console.log(`write to evaluated:      ${Math.round(total / ((full.evaluatedAt - started) / 1000))} points/s (${seconds(started, full.evaluatedAt)} s)`);
    console.log(`write to delivered:      ${Math.round(total / ((done - started) / 1000))} points/s (${seconds(started, done)} s, ${full.events} events delivered)`);
    if (steady) console.log(`steady phase:            ${steady.seconds.toFixed(1)} s for ${STEADY_POINTS} points, ${steady.events} events delivered`);
    const rows: [string, string, string][] = [
      ['end to end, points/s (write to delivered)', BEFORE.endToEnd, String(Math.round(total / ((done - started) / 1000)))],
      ['write to evaluated, points/s', '', String(Math.round(total / ((full.evaluatedAt - started) / 1000)))],
      ['CPU s per million points, full speed (to delivered)', BEFORE.cpuFull, cpuFull.toFixed(1)],
      ['CPU s per million points, full speed (to evaluated)', '', cpuEvaluated.toFixed(1)],
      ['CPU s per million points, 5,000 points/s', BEFORE.cpuSteady, steady ? steady.cpu.toFixed(1) : 'not run'],
      ['idle RSS, MiB', BEFORE.idleRss, idle.rssMiB.toFixed(0)],
      ['peak RSS, MiB', BEFORE.peakRss, end.peakMiB.toFixed(0)],
    ];
    console.log('');
    console.log(`| figure | issue 15 "today" | this run |`);
    console.log(`| --- | --- | --- |`);
    for (const [name, before, now] of rows) console.log(`| ${name} | ${before} | ${now} |`);
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
