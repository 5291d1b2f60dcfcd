/**
 * Burst drain: 10,000 alert events at once, each one `post` to one local HTTP receiver with
 * keep-alive, delivered by `vigil serve` and by one distributed notifier (Kafka + Redis). The
 * drain rate is events / (last receipt - first receipt) at the receiver, so start-up, the
 * evaluation that makes serve's events and the offset commit are left out; the time until the
 * notifier committed every offset is printed beside it. Only prints, asserts no time; it fails if
 * an event is missing or repeated.
 *
 *   npm run bench -- burst                 (servers from `npm run infra -- up`)
 *   BURST_EVENTS=10000 BURST_ONLY=serve|distributed BURST_PROFILE_DIR=/tmp/prof npm run bench -- burst
 *
 * BURST_PROFILE_DIR writes a V8 CPU profile of the delivering process (node --cpu-prof).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitWithin, waitFor } from '@vigil/testing';
import { AlertReceiver } from '../standalone/support/alert-receiver';
import { startServe } from '../standalone/support/standalone-process';
import { numberedEvents } from './support/alert-events';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

const EVENTS = Number(process.env['BURST_EVENTS'] ?? 10_000);
const ONLY = process.env['BURST_ONLY'];
const PROFILE_DIR = process.env['BURST_PROFILE_DIR'];
/** DELIVERY_* variables for the notifier, to compare limits: BURST_NOTIFIER_ENV='{"DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN":"32"}'. */
const NOTIFIER_ENV = JSON.parse(process.env['BURST_NOTIFIER_ENV'] ?? '{}') as Record<string, string>;

/** Issue 15's figures for the code before this bench's changes, on the same 2-core machine. */
const BEFORE = { serve: 3_300, distributed: 2_600 } as const;

interface Drain {
  readonly rate: number;
  readonly seconds: number;
  /** CPU time of the delivering process per delivery during the drain, µs. */
  readonly cpuMicros: number;
  readonly note: string;
}

/** User plus system CPU time of a process so far, ms (Linux /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Polls a receiver's count and notes when the first and the last of `count` arrived. */
async function drainOf(received: () => number, count: number, what: string, pid: number): Promise<{ first: number; last: number; cpuMicros: number }> {
  let first = 0;
  let firstCpuMs = 0;
  await waitFor(
    () => {
      const n = received();
      if (n > 0 && first === 0) {
        first = performance.now();
        firstCpuMs = cpuMsOf(pid);
      }
      if (n > count) throw new Error(`${what}: ${n} deliveries of ${count} events`);
      return n === count ? true : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 5, what },
  );
  return { first, last: performance.now(), cpuMicros: ((cpuMsOf(pid) - firstCpuMs) * 1000) / count };
}

const BURST_TICK = (url: string): string => `dbrp "burst"."autogen"

stream
  |from()
    .measurement('burst')
    .groupBy('host')
  |alert()
    .crit(lambda: "value" > 90)
    .post('${url}')
`;

async function serveBurst(): Promise<Drain> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-burst-'));
  const receiver = new AlertReceiver();
  const url = await receiver.start();
  const taskFile = join(dir, 'burst.tick');
  writeFileSync(taskFile, BURST_TICK(url));
  const previousOptions = process.env['SERVE_NODE_OPTIONS'];
  if (PROFILE_DIR) process.env['SERVE_NODE_OPTIONS'] = `--cpu-prof --cpu-prof-dir=${join(PROFILE_DIR, 'serve')}`;
  const serve = await startServe(join(dir, 'data'), ['--task', taskFile]);
  process.env['SERVE_NODE_OPTIONS'] = previousOptions;
  try {
    // One body: every group crosses the threshold at once, so the event log gets EVENTS events
    // within one evaluation step.
    const start = 1_700_000_000_000_000_000n;
    const lines = Array.from({ length: EVENTS }, (_, i) => `burst,host=h${i} value=95 ${start + BigInt(i)}`);
    const response = await fetch(`${serve.url}/write?db=burst&rp=autogen`, { method: 'POST', body: lines.join('\n') });
    if (response.status !== 204) throw new Error(`write answered ${response.status}: ${await response.text()}`);
    const { first, last, cpuMicros } = await drainOf(() => receiver.bodies.length, EVENTS, 'serve: every event delivered', serve.serverPid);
    if (new Set(receiver.bodies).size !== EVENTS) throw new Error('serve: a body arrived twice');
    await serve.stop();
    return { rate: EVENTS / ((last - first) / 1000), seconds: (last - first) / 1000, cpuMicros, note: '' };
  } finally {
    serve.cleanup();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function distributedBurst(): Promise<Drain> {
  const broker = await TestBroker.start();
  const profileEnv: Record<string, string> = PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(PROFILE_DIR, 'notifier')}` } : {};
  const deployment = new NotifierDeployment({ alertsPartitions: 6, env: { LOG_LEVEL: 'warn', ...NOTIFIER_ENV, ...profileEnv } });
  await deployment.setUp();
  try {
    const events = numberedEvents({ count: EVENTS, alertIds: EVENTS, runId: deployment.id, handlers: [{ kind: 'post', args: [broker.url()], options: [] }] });
    await deployment.produce(events, 2_000);
    const notifier = await deployment.startNotifier();
    const pid = notifier.process.child.pid;
    if (pid === undefined) throw new Error('the notifier process has no pid');
    const { first, last, cpuMicros } = await drainOf(() => broker.received().length, EVENTS, 'distributed: every event delivered', pid);
    await deployment.waitUntilCommitted(600_000);
    const committed = performance.now();
    if (new Set(broker.received().map((delivery) => delivery.idempotencyKey)).size !== EVENTS) throw new Error('distributed: a key arrived twice');
    if (PROFILE_DIR) {
      notifier.process.child.kill('SIGTERM');
      await exitWithin(notifier.process, 30_000);
    }
    return {
      rate: EVENTS / ((last - first) / 1000),
      seconds: (last - first) / 1000,
      cpuMicros,
      note: `all committed ${((committed - first) / 1000).toFixed(2)} s after the first receipt`,
    };
  } finally {
    await deployment.tearDown();
    await broker.close();
  }
}

async function main(): Promise<void> {
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const rows: [string, number, Drain][] = [];
  if (ONLY !== 'distributed') rows.push(['vigil serve', BEFORE.serve, await serveBurst()]);
  if (ONLY !== 'serve') rows.push(['distributed notifier', BEFORE.distributed, await distributedBurst()]);
  console.log(`\nburst of ${EVENTS} events, one post each to one local receiver (keep-alive); deliveries/s from first to last receipt`);
  console.log(`load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log('| mode | before (deliveries/s) | now (deliveries/s) | drain | CPU per delivery | |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [mode, before, drain] of rows) {
    console.log(`| ${mode} | ${before.toLocaleString('en')} | ${Math.round(drain.rate).toLocaleString('en')} | ${drain.seconds.toFixed(2)} s | ${Math.round(drain.cpuMicros)} µs | ${drain.note} |`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
