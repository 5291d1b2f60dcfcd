import { readFileSync } from 'node:fs';
import type { AlertEvent, Level, Point } from '@vigil/core';
import { placeTask, replayEvents, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { parseLines } from '@vigil/line-protocol';
import { validateTask } from '@vigil/tick-engine';
import { compileTickScript } from '@vigil/tick-lang';
import { withScriptErrors } from './script-errors';
import { TestFileError, type ServeInput, type TestCase, type TestFile } from './test-file';
import type { SentAlert } from './test-matcher';
import { absoluteLines, timeNs } from './test-times';

/** What running a case gives: the alerts sent and the time relative `at`s of a .lp file count from. */
export interface CaseRun {
  readonly sent: readonly SentAlert[];
  readonly firstPointNs: bigint | undefined;
}

/** A case that could not run for a reason outside the test file (a server down, refused). */
export class CaseRunError extends Error {
  override readonly name = 'CaseRunError';
}

/**
 * Runs one case: a local script from empty state through @vigil/evaluation's replay oracle, as
 * `vigil replay` does (the clock is the last point's time), or a backtest by a vigil serve of its
 * own task over its point log (`POST /vigil/v1/replays`). Script errors are ScriptFileErrors and
 * bad input lines TestFileErrors: both mean the test file needs fixing.
 */
export async function runCase(file: TestFile, testCase: TestCase): Promise<CaseRun> {
  if (testCase.input.kind === 'serve') return { sent: await backtest(testCase.input), firstPointNs: undefined };
  const task = testCase.task;
  if (!task) throw new TestFileError(file.path, testCase.line, 1, 'a test case needs "task"');
  const compiled = withScriptErrors(task.origin, task.script, () => {
    const { pipeline } = compileTickScript(task.script, { ...(task.vars === undefined ? {} : { vars: task.vars }), dbrps: task.dbrps });
    validateTask(pipeline, task.name);
    return pipeline;
  });
  // As `vigil replay`: a script without dbrp reads the points written to vigil.autogen.
  const dbrps = compiled.dbrps.length > 0 ? compiled.dbrps : [{ database: 'vigil', retentionPolicy: 'autogen' }];
  const pipeline = { ...compiled, dbrps };
  const [{ database, retentionPolicy }] = dbrps as [(typeof dbrps)[number]];
  const input = testCase.input;
  const text = input.kind === 'inline' ? absoluteLines(input.lines, input.startNs) : readFileSync(input.path, 'utf8');
  const parsed = parseLines(text, { precision: input.kind === 'file' ? input.precision : 'ns', database, retentionPolicy, defaultTime: 0n });
  const [bad] = parsed.errors;
  if (bad) {
    const where = input.kind === 'file' ? `${input.path}:${bad.line}:${bad.column}` : `line ${bad.line} of the points of "${testCase.name}"`;
    throw new TestFileError(file.path, testCase.line, 1, `${where}: ${bad.reason}`);
  }
  const points: Point[] = parsed.points;
  const events = withScriptErrors(task.origin, task.script, () => replayEvents({ name: task.name, pipeline, placement: placeTask(pipeline, SERIES_PARTITION_KEYS) }, points));
  return { sent: events.map(sentAlertOf), firstPointNs: points[0]?.time };
}

function sentAlertOf(event: AlertEvent): SentAlert {
  return { id: event.id, level: event.level, previousLevel: event.previousLevel, message: event.message, timeNs: event.time };
}

/** The client side of `vigil replay --from-serve`, with the answer read back into alerts. */
async function backtest(input: ServeInput): Promise<SentAlert[]> {
  const endpoint = new URL('/vigil/v1/replays', input.url);
  const token = process.env['VIGIL_TOKEN']?.trim();
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ task: input.task, start: input.start, stop: input.stop }) });
  } catch (error) {
    const cause = (error as Error).cause;
    throw new CaseRunError(`cannot reach ${endpoint.origin}: ${cause instanceof Error ? cause.message : (error as Error).message}`);
  }
  const body = await response.text();
  if (!response.ok) throw new CaseRunError(`${endpoint.href} answered HTTP ${response.status}: ${body.trim()}`);
  return body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const alert = JSON.parse(line) as { id: string; level: Level; previousLevel: Level; message: string; time: string };
      return { id: alert.id, level: alert.level, previousLevel: alert.previousLevel, message: alert.message, timeNs: timeNs(alert.time) ?? 0n };
    });
}

/** Resolves `at: +30s` of a .lp file input without "start" against its first point. */
export function resolvedAlerts(testCase: TestCase, firstPointNs: bigint | undefined): TestCase['expect'] {
  const base = firstPointNs ?? 0n;
  const alerts = testCase.expect.alerts.map((alert) => (alert.atFromFirstPoint && alert.atNs !== undefined ? { ...alert, atNs: base + alert.atNs, atFromFirstPoint: false } : alert));
  return { ...testCase.expect, alerts };
}
