/**
 * Engine throughput and memory, in process on one core.
 *
 *   npm run bench:engine                      (10M points per scenario)
 *   BENCH_POINTS=1000000 npm run bench:engine (quicker; BENCH_ONLY=a runs one scenario;
 *                                              BENCH_HEAP_SNAPSHOT=1 writes a heap snapshot per scenario)
 *
 * Points are built in memory in chunks before each timed chunk is written, so neither line
 * protocol parsing nor point construction is measured. Heap per group is heapUsed after a forced
 * GC with the task alive, minus heapUsed before the task was built, divided by the group count;
 * it includes everything the task retains (group ids, node states, windowed points, alert state),
 * but also what the run left behind outside the task (compiled code, feedback, buffers), which
 * varies by a few hundred bytes per group between runs. "retained" is the steadier figure: heapUsed
 * with the task alive minus heapUsed once the task is dropped, divided by the group count.
 * Rates are given per wall-clock second and per CPU second of the process (the latter is the
 * steadier figure on a shared machine).
 */
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AlertEvent, Point } from '@vigil/core';
import { compileTickScript } from '@vigil/tick-lang';
import { createTask, ENGINE_NODES } from '../src';

const TOTAL_POINTS = Number(process.env['BENCH_POINTS'] ?? 10_000_000);
const GROUPS = Number(process.env['BENCH_GROUPS'] ?? 10_000);
const CHUNK = 1_000_000;
const SECOND = 1_000_000_000n;
const START = 1_684_713_065n * SECOND;

/** A forced GC: node's own with --expose-gc, else enabled at run time (tsx may start a child node). */
function exposeGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gc = exposeGc();

interface Scenario {
  readonly name: string;
  readonly script: string;
  readonly measurement: string;
  /** The fields of the i-th point of a group. */
  readonly fields: (i: number, group: number) => Point['fields'];
}

const SEED_ALERT = `|alert()
        .id('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}')
        .details('The past {{ index .Fields "consecutive_error" }} requests for "nome_recurso": {{ index .Tags "nome_recurso" }} and "nome_provedor": {{ index .Tags "nome_provedor" }} were considered to change to this level alert.')
        .info(lambda: "sucesso" == 1)
        .crit(lambda: "consecutive_error" >= 2)
        .stateChangesOnly()
        .noRecoveries()
        .post('http://localhost:9000/alerts')`;

/** A deterministic pseudo-random number in [0, 1) for point i of group g. */
function noise(i: number, g: number): number {
  const x = Math.sin(i * 12.9898 + g * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: '(a) seed stateCount alert',
    measurement: 'performance_influx',
    script: `stream|from().measurement('performance_influx').groupBy('nome_recurso', 'nome_provedor')
      |stateCount(lambda: "sucesso" == 0).as('consecutive_error')
      ${SEED_ALERT}`,
    // About one request in twenty fails, in short streaks.
    fields: (i, g) => ({ latencia: 100 + Math.floor(noise(i, g) * 200), sucesso: noise(i, g) < 0.05 ? 0n : 1n }),
  },
  {
    name: '(b) window(1m, 10s) mean alert',
    measurement: 'cpu',
    script: `stream|from().measurement('cpu').groupBy('nome_recurso', 'nome_provedor')
      |window().period(1m).every(10s)
      |mean('usage')
      |alert().crit(lambda: "mean" > 90.0).warn(lambda: "mean" > 80.0).stateChangesOnly().post('http://localhost:9000/alerts')`,
    fields: (i, g) => ({ usage: 50 + noise(i, g) * 45 }),
  },
  {
    name: '(c) window(5m) percentile(95) alert',
    measurement: 'latency',
    script: `stream|from().measurement('latency').groupBy('nome_recurso', 'nome_provedor')
      |window().period(5m)
      |percentile('ms', 95.0)
      |alert().crit(lambda: "percentile" > 990.0).stateChangesOnly().post('http://localhost:9000/alerts')`,
    fields: (i, g) => ({ ms: Math.floor(noise(i, g) * 1000) }),
  },
];

const groupTags = Array.from({ length: GROUPS }, (_, g) => Object.freeze({ nome_recurso: `r${g % 100}`, nome_provedor: `p${Math.floor(g / 100)}` }));

/** Points start..start+count of the scenario: group i % GROUPS, each group every 10 s. */
function chunk(scenario: Scenario, start: number, count: number): Point[] {
  const points = new Array<Point>(count);
  for (let k = 0; k < count; k++) {
    const i = start + k;
    const group = i % GROUPS;
    const round = Math.floor(i / GROUPS);
    points[k] = {
      database: 'vigil',
      retentionPolicy: 'autogen',
      name: scenario.measurement,
      tags: groupTags[group] as Point['tags'],
      fields: scenario.fields(round, group),
      time: START + BigInt(round) * 10n * SECOND + BigInt(group) * 1000n,
    };
  }
  return points;
}

function withoutAlert(script: string): string {
  const at = script.indexOf('|alert()');
  return at < 0 ? script : `${script.slice(0, at)}|kapacitorLoopback().database('bench').retentionPolicy('autogen')`;
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function run(scenario: Scenario, alert: boolean): void {
  const script = `dbrp "vigil"."autogen"\n${alert ? scenario.script : withoutAlert(scenario.script)}`;
  const { pipeline } = compileTickScript(script);
  let events = 0;
  let emitted = 0;
  let lastEvent: AlertEvent | undefined;
  const before = heapUsed();
  let task: ReturnType<typeof createTask> | undefined = createTask(pipeline, {
    taskName: 'bench',
    now: () => 0n,
    emitEvent: (event) => {
      events++;
      lastEvent = event;
    },
    emitPoint: () => void emitted++,
    log: () => undefined,
    publish: () => undefined,
  });
  let elapsedNs = 0n;
  let cpuMicros = 0;
  for (let start = 0; start < TOTAL_POINTS; start += CHUNK) {
    const points = chunk(scenario, start, Math.min(CHUNK, TOTAL_POINTS - start));
    const began = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (let k = 0; k < points.length; k++) task.write(points[k] as Point);
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    elapsedNs += process.hrtime.bigint() - began;
  }
  const alive = heapUsed();
  const perGroup = (alive - before) / GROUPS;
  // BENCH_HEAP_SNAPSHOT=1 writes a heap snapshot with the task alive, to see what a group costs.
  if (process.env['BENCH_HEAP_SNAPSHOT']) console.log(`heap snapshot: ${writeHeapSnapshot()}`);
  // Keep the task reachable until the heap was measured, then drop it.
  if (task.pipeline.nodes.length === 0) console.log('');
  task = undefined;
  const retained = (alive - heapUsed()) / GROUPS;
  const seconds = Number(elapsedNs) / 1e9;
  const rate = (per: number): string => Math.round(TOTAL_POINTS / per).toLocaleString('en-US').padStart(11);
  console.log(
    `${scenario.name.padEnd(38)} ${rate(seconds)} points/s wall ${rate(cpuMicros / 1e6)} points/CPU-s  ` +
      `${Math.round(perGroup).toLocaleString('en-US').padStart(6)} heap bytes/group (retained ${Math.round(retained).toLocaleString('en-US')})  events ${events}${alert ? '' : `  points out ${emitted}`}`,
  );
  if (lastEvent && process.env['BENCH_VERBOSE']) console.log(`  last event: ${lastEvent.id} ${lastEvent.level}`);
}

// BENCH_ALERT=0 ends each scenario in kapacitorLoopback instead of alert(), to see the cost of
// the pipeline before the alert node.
const alert = process.env['BENCH_ALERT'] !== '0' && ENGINE_NODES.some((node) => node.type === 'alert');
console.log(`${TOTAL_POINTS.toLocaleString('en-US')} points per scenario over ${GROUPS.toLocaleString('en-US')} groups, Node ${process.version}`);
if (!alert) console.log('note: each scenario ends in kapacitorLoopback instead of alert()');
const only = process.env['BENCH_ONLY'];
for (const scenario of SCENARIOS) if (!only || scenario.name.startsWith(`(${only})`)) run(scenario, alert);
