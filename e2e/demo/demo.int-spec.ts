import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAlertEvent } from '@vigil/core';
import { defineTasks, SERIES_PARTITION_KEYS, replayEvents } from '@vigil/evaluation';
import { parseLines } from '@vigil/line-protocol';
import { exitWithin, repositoryRoot, waitFor, type RunningProcess } from '@vigil/testing';
import { alive, interrupt, killGroup, startDemo } from './support/demo-process';

const root = repositoryRoot();
const scenarioFile = (name: string) => readFileSync(join(root, 'examples/provider-health', name), 'utf8');
const jsonLines = (text: string) => text.split('\n').filter((line) => line !== '');

/** The payloads the demo's broker must print, from examples/provider-health/expected.jsonl. */
const EXPECTED = jsonLines(scenarioFile('expected.jsonl'));
/** Lines 3 and 5 of the golden case are the two payloads Kapacitor 1.6.6 posted in seeds/000, byte for byte. */
const GOLDEN = jsonLines(readFileSync(join(root, 'libs/tick-engine/test/golden/seed-provider-health/expected.jsonl'), 'utf8'));
const SEED_CRITICAL = GOLDEN[2] ?? '';
const SEED_INFO = GOLDEN[4] ?? '';

const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;
const levelOf = (line: string) => (JSON.parse(line) as { level: string }).level;

/**
 * What the demo printed must hold every expected payload as the broker received it (the JSON and
 * Go's encoder's newline), in order per alert id; payloads of different ids may interleave.
 */
function expectPayloadsPrinted(stdout: string): void {
  for (const id of new Set(EXPECTED.map(idOf))) {
    const positions = EXPECTED.filter((line) => idOf(line) === id).map((line) => stdout.indexOf(`\n${line}\n`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  }
  expect(stdout).toContain(`\n${SEED_CRITICAL}\n`);
  expect(stdout.indexOf(`\n${SEED_INFO}\n`)).toBeGreaterThan(stdout.indexOf(`\n${SEED_CRITICAL}\n`));
  expect(stdout).toContain('demo passed: every expected payload arrived, byte for byte.');
}

/** The run folder named in the demo's title line, which a failed run keeps. */
function runFolderOf(stdout: string): string {
  return join(root, '.vigil/demo', /, run (\S+?)[,\n]/.exec(stdout)?.[1] ?? 'missing-run-id');
}

/** A copy of examples/provider-health whose expected.jsonl is `expected`, for the demo's --scenario. */
function scenarioExpecting(expected: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-scenario-'));
  cpSync(join(root, 'examples/provider-health'), dir, { recursive: true });
  writeFileSync(join(dir, 'expected.jsonl'), expected.map((line) => `${line}\n`).join(''));
  return dir;
}

/** Waits for the demo to end and fails with everything it printed unless it ended with `code`. */
async function expectExit(demo: RunningProcess, code: number, timeoutMs: number): Promise<void> {
  const outcome = await exitWithin(demo, timeoutMs);
  if (outcome !== code) throw new Error(`demo ended with ${outcome}, not ${code}:\n${demo.output()}`);
}

describe('the demo scenario (examples/provider-health)', () => {
  it('expects exactly what the engine computes for its requests, the seed payloads among them', () => {
    const [task] = defineTasks([{ name: 'provider_health', script: scenarioFile('provider_health.tick') }], SERIES_PARTITION_KEYS);
    if (!task) throw new Error('no task');
    const { points, errors } = parseLines(scenarioFile('requests.lp'), { database: 'vigil', retentionPolicy: 'autogen' });
    expect(errors).toEqual([]);
    expect(replayEvents(task, points).map((event) => encodeAlertEvent(event))).toEqual(EXPECTED);
    expect(EXPECTED).toContain(SEED_CRITICAL);
    expect(EXPECTED).toContain(SEED_INFO);
    // Both providers: INFO on the first success, CRITICAL after two failures in a row, INFO on recovery.
    for (const id of ['status_provedor_p1pa', 'status_provedor_p1pb']) {
      expect(EXPECTED.filter((line) => idOf(line) === id).map(levelOf)).toEqual(['INFO', 'CRITICAL', 'INFO']);
    }
  });
});

/** The failure paths are the demo's own (shared by both modes); they run in the cheaper one. */
const FAILURE_MODE: string[] = [];

describe('npm run demo', () => {
  const started: RunningProcess[] = [];
  const run = (args: readonly string[]) => {
    const demo = startDemo(args);
    started.push(demo);
    return demo;
  };
  // A demo still running (a failed test) is asked to stop in order, so it stops its services too.
  afterAll(async () => {
    for (const demo of started) {
      interrupt(demo);
      if ((await exitWithin(demo, 30_000)) === 'timeout') killGroup(demo);
    }
  });

  it('-- --once (standalone) prints the expected payloads and exits 0', { timeout: 240_000 }, async () => {
    const demo = run(['--once']);
    await expectExit(demo, 0, 220_000);
    expectPayloadsPrinted(demo.stdout());
  });

  it('-- --once --kafka (ingest, evaluator, notifier) prints the expected payloads and exits 0', { timeout: 300_000 }, async () => {
    const demo = run(['--once', '--kafka']);
    await expectExit(demo, 0, 280_000);
    expectPayloadsPrinted(demo.stdout());
  });

  it.each([
    { mode: 'standalone', args: [], services: 1 },
    { mode: '--kafka', args: ['--kafka'], services: 3 },
  ])('$mode: stops everything it started on Ctrl-C and exits 0', { timeout: 300_000 }, async ({ args, services }) => {
    const demo = run(args);
    await waitFor(() => (demo.stdout().includes('Ctrl-C stops everything') ? true : demo.child.exitCode !== null ? 'ended' : undefined), {
      timeoutMs: 240_000,
      intervalMs: 200,
      what: 'the demo waiting for Ctrl-C',
    }).then((state) => {
      if (state !== true) throw new Error(`demo ended early:\n${demo.output()}`);
    });
    const pids = [...demo.stdout().matchAll(/\(pid (\d+),/g)].map((match) => Number(match[1]));
    expect(pids.length).toBe(services);
    expect(pids.every(alive)).toBe(true);
    const runFolder = runFolderOf(demo.stdout());
    expect(existsSync(runFolder)).toBe(true);

    interrupt(demo);
    await expectExit(demo, 0, 60_000);
    expect(demo.stdout()).toContain('demo stopped: everything it started has ended.');
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(runFolder)).toBe(false);
  });

  it('exits 1 and says which payload differs when one is not the expected one', { timeout: 300_000 }, async () => {
    // The broker will receive pb's CRITICAL with latencia 310; this scenario expects 311.
    const altered = EXPECTED.map((line) => (idOf(line) === 'status_provedor_p1pb' && levelOf(line) === 'CRITICAL' ? line.replace(',2,310,0]', ',2,311,0]') : line));
    expect(altered).not.toEqual(EXPECTED);
    const scenario = scenarioExpecting(altered);
    try {
      const demo = run([...FAILURE_MODE, '--once', '--scenario', scenario]);
      await expectExit(demo, 1, 280_000);
      expect(demo.stdout()).toContain('demo failed: payload 2 of 3 for status_provedor_p1pb differs from the expected one');
      const runFolder = runFolderOf(demo.stdout());
      expect(existsSync(join(runFolder, 'logs'))).toBe(true);
      rmSync(runFolder, { recursive: true, force: true });
    } finally {
      rmSync(scenario, { recursive: true, force: true });
    }
  });

  it('exits 1 when an expected payload does not arrive within --timeout', { timeout: 300_000 }, async () => {
    const never = EXPECTED[0]?.replaceAll('p1pa', 'p1pc').replaceAll('"pa"', '"pc"') ?? '';
    const scenario = scenarioExpecting([...EXPECTED, never]);
    try {
      const demo = run([...FAILURE_MODE, '--once', '--timeout', '3', '--scenario', scenario]);
      await expectExit(demo, 1, 280_000);
      expect(demo.stdout()).toContain('demo failed: the expected payloads did not all arrive within 3 s of the last request');
      rmSync(runFolderOf(demo.stdout()), { recursive: true, force: true });
    } finally {
      rmSync(scenario, { recursive: true, force: true });
    }
  });
});
