import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeAlertEvent } from '@vigil/core';
import { defineTasks, SERIES_PARTITION_KEYS, replayEvents } from '@vigil/evaluation';
import { parseLines } from '@vigil/line-protocol';
import { exitWithin, repositoryRoot, waitFor, type RunningProcess } from '@vigil/testing';
import { alive, startDemo } from './support/demo-process';

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
      demo.child.kill('SIGINT');
      if ((await exitWithin(demo, 30_000)) === 'timeout') demo.kill();
    }
  });

  it('-- --once (standalone) prints the expected payloads and exits 0', { timeout: 240_000 }, async () => {
    const demo = run(['--once']);
    const outcome = await exitWithin(demo, 220_000);
    if (outcome !== 0) throw new Error(`demo ended with ${outcome}:\n${demo.output()}`);
    expectPayloadsPrinted(demo.stdout());
  });

  it('-- --once --kafka (ingest, evaluator, notifier) prints the expected payloads and exits 0', { timeout: 300_000 }, async () => {
    const demo = run(['--once', '--kafka']);
    const outcome = await exitWithin(demo, 280_000);
    if (outcome !== 0) throw new Error(`demo ended with ${outcome}:\n${demo.output()}`);
    expectPayloadsPrinted(demo.stdout());
  });

  it('stops everything it started on Ctrl-C and exits 0', { timeout: 300_000 }, async () => {
    const demo = run(['--kafka']);
    await waitFor(() => (demo.stdout().includes('Ctrl-C stops everything') ? true : demo.child.exitCode !== null ? 'ended' : undefined), {
      timeoutMs: 240_000,
      intervalMs: 200,
      what: 'the demo waiting for Ctrl-C',
    }).then((state) => {
      if (state !== true) throw new Error(`demo ended early:\n${demo.output()}`);
    });
    const pids = [...demo.stdout().matchAll(/\(pid (\d+),/g)].map((match) => Number(match[1]));
    expect(pids.length).toBe(3);
    expect(pids.every(alive)).toBe(true);
    const runId = /, run (\S+?)[,\n]/.exec(demo.stdout())?.[1] ?? '';
    expect(existsSync(join(root, '.vigil/demo', runId))).toBe(true);

    demo.child.kill('SIGINT');
    const outcome = await exitWithin(demo, 60_000);
    if (outcome !== 0) throw new Error(`demo ended with ${outcome}:\n${demo.output()}`);
    expect(demo.stdout()).toContain('demo stopped: everything it started has ended.');
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(join(root, '.vigil/demo', runId))).toBe(false);
  });
});
