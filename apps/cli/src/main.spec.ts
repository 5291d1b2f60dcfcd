import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from './main';
import type { CommandIo } from './commands/command-io';

const GOLDEN_DIR = resolve(__dirname, '../../../libs/tick-engine/test/golden');

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...argv: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stderrIsTerminal: false,
    nowMs: () => 0,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function scratchFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-cli-')), name);
  writeFileSync(path, content);
  return path;
}

/** Golden cases whose input is plain points (no wall-clock ticks), so `vigil replay` can run them. */
const replayableCases = readdirSync(GOLDEN_DIR).filter((name) => {
  const dir = join(GOLDEN_DIR, name);
  return existsSync(join(dir, 'expected.jsonl')) && !/^# tick /m.test(readFileSync(join(dir, 'input.lp'), 'utf8'));
});

describe('vigil replay', () => {
  it('has golden cases to replay, the seed scenario among them', () => {
    expect(replayableCases).toContain('seed-provider-health');
  });

  it.each(replayableCases)('prints exactly the expected events of golden case %s', async (name) => {
    const dir = join(GOLDEN_DIR, name);
    const result = await run('replay', '--tick', join(dir, 'task.tick'), '--data', join(dir, 'input.lp'), '--task-name', name);
    const expected = readFileSync(join(dir, 'expected.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '');
    // Evaluation errors may be logged on stderr (as Kapacitor logs them); no data line is bad.
    expect(result.stderr).not.toContain('line skipped');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line !== '')).toEqual(expected);
  });

  it('reports bad data lines with their line numbers on stderr and replays the good ones', async () => {
    const tick = scratchFile('t.tick', "stream\n  |from().measurement('m')\n  |alert().crit(lambda: \"v\" > 1).post('http://x')\n");
    const data = scratchFile('p.lp', 'm v=5 1000000000\nm v=oops 2000000000\n\nm,=bad v=1 3000000000\nm v=0 4000000000\n');
    const result = await run('replay', '--tick', tick, '--data', data);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/p\.lp:2:\d+: .*\(line skipped\)/);
    expect(result.stderr).toMatch(/p\.lp:4:\d+: .*\(line skipped\)/);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: string; time: string });
    expect(events.map((event) => [event.level, event.time])).toEqual([
      ['CRITICAL', '1970-01-01T00:00:01Z'],
      ['OK', '1970-01-01T00:00:04Z'],
    ]);
  });

  it('names the task after the file unless --task-name says otherwise', async () => {
    const tick = scratchFile('cpu_alert.tick', "stream\n  |from().measurement('m')\n  |alert().crit(lambda: TRUE).message('{{ .TaskName }}').post('http://x')\n");
    const data = scratchFile('p.lp', 'm v=1 1\n');
    const byFile = await run('replay', '--tick', tick, '--data', data);
    const byOption = await run('replay', '--tick', tick, '--data', data, '--task-name', 'other');
    expect((JSON.parse(byFile.stdout) as { message: string }).message).toBe('cpu_alert');
    expect((JSON.parse(byOption.stdout) as { message: string }).message).toBe('other');
  });

  it('exits 2 with file:line:column and a caret on a script error, printing nothing on stdout', async () => {
    const tick = scratchFile('bad.tick', 'stream\n  |from()\n  |alert().crit(lambda: "x" > )\n');
    const data = scratchFile('p.lp', 'm v=1 1\n');
    const result = await run('replay', '--tick', tick, '--data', data);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('bad.tick:3:');
    expect(result.stderr).toContain('^');
  });

  it('rejects an unknown option with the list of known ones', async () => {
    const result = await run('replay', '--tik', 'x');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown option --tik');
  });
});

describe('vigil check', () => {
  it('accepts the seed task and prints its pipeline as DOT', async () => {
    const result = await run('check', join(GOLDEN_DIR, 'seed-provider-health/task.tick'), '--dot');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^digraph task \{/);
    expect(result.stdout).toContain('from1 -> state_count2');
    expect(result.stdout).toContain('state_count2 -> alert3');
  });

  it('reports an unknown property with its position and the valid names', async () => {
    const tick = scratchFile('t.tick', "stream\n  |from()\n    .measurment('cpu')\n");
    const result = await run('check', tick);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('t.tick:3:');
    expect(result.stderr).toContain('measurement');
  });
});
