import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolder } from '@vigil/standalone';
import { main } from '../main';
import type { CommandIo } from './command-io';
import { takeRepeated } from './serve.command';

const GOOD_TASK = `dbrp "vigil"."autogen"

stream
    |from()
        .measurement('cpu')
    |alert()
        .crit(lambda: "usage" > 90)
        .log('/tmp/cpu.log')
`;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

// GOOD_TASK logs to /tmp, which vigil serve allows only when told (docs/handlers.md, log.allow).
beforeEach(() => vi.stubEnv('VIGIL_LOG_ALLOW', '/tmp'));
afterEach(() => vi.unstubAllEnvs());

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-serve-'));
}

describe('vigil serve arguments', () => {
  it('collects every --task, in both spellings, and leaves the other options', () => {
    expect(takeRepeated(['--task', 'a.tick', '--port', '1', '--task=b.tick'], 'task')).toEqual({ values: ['a.tick', 'b.tick'], rest: ['--port', '1'] });
  });

  it('refuses a bad port and stray arguments before touching the data folder', async () => {
    const data = join(scratch(), 'data');
    expect(await run('serve', '--data', data, '--port', '70000')).toMatchObject({ code: 1, stderr: expect.stringContaining('--port 70000') });
    expect(await run('serve', '--data', data, 'extra')).toMatchObject({ code: 1, stderr: expect.stringContaining('serve takes no arguments') });
    expect(existsSync(data)).toBe(false);
  });
});

describe('vigil serve data folder', () => {
  it('refuses a folder another server holds, saying which process', async () => {
    const data = join(scratch(), 'data');
    const held = await DataFolder.open(data);
    try {
      const result = await run('serve', '--data', data, '--port', '0');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`data folder is in use by process ${process.pid}`);
    } finally {
      await held.close();
    }
  });
});

describe('vigil serve tasks', () => {
  it('fails the start on a bad --task with file:line:column, and does not copy it', async () => {
    const dir = scratch();
    const bad = join(dir, 'cpu.tick');
    writeFileSync(bad, GOOD_TASK.replace(".measurement('cpu')", ".measurment('cpu')"));
    const result = await run('serve', '--data', join(dir, 'data'), '--task', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:5:10: unknown property measurment on from`);
    expect(existsSync(join(dir, 'data', 'tasks', 'cpu.tick'))).toBe(false);
    // The lock is released: the folder can be used again.
    expect(existsSync(join(dir, 'data', 'LOCK'))).toBe(false);
  });

  it('fails the start on a bad script already in the data folder, naming where it lies', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'data', 'tasks'), { recursive: true });
    const good = join(dir, 'good.tick');
    writeFileSync(good, GOOD_TASK);
    writeFileSync(join(dir, 'data', 'tasks', 'broken.tick'), 'dbrp "vigil"."autogen"\nstream\n    |from(\n');
    const result = await run('serve', '--data', join(dir, 'data'), '--task', good);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${join(dir, 'data', 'tasks', 'broken.tick')}:\\d+:\\d+: `));
    // A valid --task was still put in place before the folder was read.
    expect(readFileSync(join(dir, 'data', 'tasks', 'good.tick'), 'utf8')).toBe(GOOD_TASK);
  });

  it('refuses a script without dbrp, as the evaluator would', async () => {
    const dir = scratch();
    const task = join(dir, 'nodbrp.tick');
    writeFileSync(task, GOOD_TASK.replace('dbrp "vigil"."autogen"\n', ''));
    const result = await run('serve', '--data', join(dir, 'data'), '--task', task);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining(`${task}: task nodbrp: the script has no dbrp line`) });
  });

  it('refuses a --task that is not a .tick file', async () => {
    const dir = scratch();
    const task = join(dir, 'cpu.txt');
    writeFileSync(task, GOOD_TASK);
    expect(await run('serve', '--data', join(dir, 'data'), '--task', task)).toMatchObject({ code: 1, stderr: expect.stringContaining('must end in .tick') });
  });
});
