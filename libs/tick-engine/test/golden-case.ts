import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent, Point } from '@vigil/core';
import { formatPoint, parseLine } from '@vigil/line-protocol';
import { compileTickScript, type Pipeline } from '@vigil/tick-lang';
import { createTask, type Task } from '../src/task/task';
import type { TaskSnapshot } from '../src/task/task-snapshot';

export const GOLDEN_DIR = join(__dirname, 'golden');

/**
 * One golden case: a directory with `task.tick`, `input.lp` and the expected outputs,
 * `expected.jsonl` (alert events as Kapacitor's JSON, one per line) and/or `expected-points.lp`
 * (points written by influxDBOut/kapacitorLoopback, as canonical line protocol). Input times are
 * nanoseconds; points go to the task's first dbrp (`vigil.autogen` when the script has none). A
 * line `# tick <ns>` in the input advances the task's wall clock (for `stats` and `deadman`);
 * otherwise the clock is the time of the last point written, as in `vigil replay`. `$CASE_DIR` in
 * the script is the case's absolute directory (sideload sources must be absolute paths).
 */
export interface GoldenCase {
  readonly name: string;
  readonly script: string;
  readonly input: string;
  readonly expectedEvents: string[] | undefined;
  readonly expectedPoints: string[] | undefined;
}

export function listGoldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(GOLDEN_DIR, name);
      return {
        name,
        script: readFileSync(join(dir, 'task.tick'), 'utf8').replaceAll('$CASE_DIR', dir),
        input: readFileSync(join(dir, 'input.lp'), 'utf8'),
        expectedEvents: optionalLines(join(dir, 'expected.jsonl')),
        expectedPoints: optionalLines(join(dir, 'expected-points.lp')),
      };
    });
}

function optionalLines(path: string): string[] | undefined {
  if (!existsSync(path)) return undefined;
  return contentLines(readFileSync(path, 'utf8'));
}

/** Non-empty lines that are not `#` comments. */
function contentLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

export interface GoldenRun {
  readonly events: AlertEvent[];
  readonly points: string[];
}

export type Step = { readonly kind: 'point'; readonly point: Point } | { readonly kind: 'tick'; readonly now: bigint };

/** Feeds one step to a task; the clock follows the steps (a tick's time, else the point's), as in `vigil replay`. */
export function applyStep(task: Task, step: Step, setClock: (now: bigint) => void): void {
  if (step.kind === 'tick') {
    setClock(step.now);
    task.tick(step.now);
  } else {
    setClock(step.point.time);
    task.write(step.point);
  }
}

/** The input as points and clock ticks, in file order. */
export function goldenSteps(pipeline: Pipeline, input: string): Step[] {
  const dbrp = pipeline.dbrps[0] ?? { database: 'vigil', retentionPolicy: 'autogen' };
  const steps: Step[] = [];
  input.split('\n').forEach((line, index) => {
    const tick = /^#\s*tick\s+(\d+)\s*$/.exec(line);
    if (tick) {
      steps.push({ kind: 'tick', now: BigInt(tick[1] as string) });
      return;
    }
    const parsed = parseLine(line, index + 1, { database: dbrp.database, retentionPolicy: dbrp.retentionPolicy, precision: 'n' });
    if (parsed === undefined) return;
    if (parsed instanceof Error) throw parsed;
    steps.push({ kind: 'point', point: parsed });
  });
  return steps;
}

export function compileGolden(golden: GoldenCase): Pipeline {
  const { pipeline } = compileTickScript(golden.script);
  return pipeline.dbrps.length > 0 ? pipeline : { ...pipeline, dbrps: [{ database: 'vigil', retentionPolicy: 'autogen' }] };
}

/**
 * Runs a case. With `cutAt`, the task is snapshotted after that many steps, the snapshot goes
 * through JSON, and a fresh task restored from it runs the rest: the outputs must not change.
 */
export function runGolden(golden: GoldenCase, cutAt?: number): GoldenRun {
  const pipeline = compileGolden(golden);
  const steps = goldenSteps(pipeline, golden.input);
  const events: AlertEvent[] = [];
  const points: string[] = [];
  let clock = 0n;
  const build = (): Task =>
    createTask(pipeline, {
      taskName: golden.name,
      now: () => clock,
      emitEvent: (event) => events.push(event),
      emitPoint: (_sink, point) => points.push(formatPoint(point)),
      log: () => undefined,
      publish: () => undefined,
    });
  let task = build();
  steps.forEach((step, index) => {
    if (index === cutAt) {
      const saved = JSON.parse(JSON.stringify(task.snapshot())) as TaskSnapshot;
      task = build();
      task.restore(saved);
    }
    applyStep(task, step, (now) => (clock = now));
  });
  return { events, points };
}
