import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot, startProcess, waitFor, type RunningProcess } from '@vigil/testing';

/**
 * Issue 14: `vigil` as a user runs it, from a folder outside the repository whose own tsconfig
 * turns decorators off (the TypeScript runner the launcher used before read it and failed), and
 * through `npx` from a project that depends on vigil.
 */
const run = promisify(execFile);
const root = repositoryRoot();
const launcher = join(root, 'tools/bin/vigil.cjs');
const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_LEVEL: 'info' };

const TASK = `dbrp "telegraf"."autogen"

stream
  |from()
    .measurement('cpu')
  |alert()
    .crit(lambda: "usage" > 90)
    .log('/dev/null')
`;

/** Every command and subcommand of the CLI. */
const COMMANDS = [['replay'], ['check'], ['serve'], ['dlq'], ['dlq', 'list'], ['dlq', 'replay'], ['auth'], ['auth', 'token'], ['auth', 'hash']];

interface Listening {
  readonly url: string;
  readonly pid: number;
}

async function listening(running: RunningProcess): Promise<Listening> {
  const line = waitFor(() => running.stdout().split('\n').find((text) => text.includes('"vigil standalone listening"')), { timeoutMs: 100_000, intervalMs: 100, what: 'vigil serve listening' });
  const exited = running.exited.then((code) => Promise.reject(new Error(`vigil serve exited with ${code}:\n${running.output()}`)));
  return JSON.parse(await Promise.race([line, exited])) as Listening;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('vigil from a folder outside the repository', () => {
  let dir = '';
  const started: Array<{ running: RunningProcess; pid?: number }> = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-anywhere-'));
    // vigil serve lets .log() append below its data folder's logs/ without configuration.
    writeFileSync(join(dir, 'cpu.tick'), TASK.replace("'/dev/null'", `'${join(dir, 'data/logs/cpu.log')}'`));
    writeFileSync(join(dir, 'points.lp'), 'cpu usage=95 1000000000\ncpu usage=10 2000000000\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: false } }));
  });

  afterEach(() => {
    for (const { running, pid } of started.splice(0)) {
      if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
      running.kill();
    }
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks and replays the files there', async () => {
    const checked = await run(process.execPath, [launcher, 'check', 'cpu.tick'], { cwd: dir, env });
    expect(checked.stdout).toBe('cpu.tick: ok\n');
    const replayed = await run(process.execPath, [launcher, 'replay', '--tick', 'cpu.tick', '--data', 'points.lp'], { cwd: dir, env });
    expect(replayed.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(['CRITICAL', 'OK']);
  });

  it.each(COMMANDS.map((words) => words.join(' ')))('vigil %s --help exits 0 with its usage', async (command) => {
    const answered = await run(process.execPath, [launcher, ...command.split(' '), '--help'], { cwd: dir, env });
    expect(answered.stdout.startsWith(`usage: vigil ${command}`)).toBe(true);
  });

  it('serves a data folder there, answers an InfluxDB writer\'s handshake, and stops on SIGTERM to the launcher', async () => {
    const running = startProcess(process.execPath, [launcher, 'serve', '--data', 'data', '--port', '0', '--task', 'cpu.tick'], { cwd: dir, env });
    const entry: { running: RunningProcess; pid?: number } = { running };
    started.push(entry);
    const { url, pid } = await listening(running);
    entry.pid = pid;
    // Telegraf's outputs.influxdb at start (plugins/outputs/influxdb/http.go, CreateDatabase).
    const created = await fetch(`${url}/query`, { method: 'POST', body: 'q=CREATE+DATABASE+%22telegraf%22', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Telegraf/1.30.0 Go/1.22.1' } });
    expect([created.status, await created.json(), created.headers.get('x-influxdb-version')]).toEqual([200, { results: [{ statement_id: 0 }] }, '1.8.10+vigil']);
    const ping = await fetch(`${url}/ping`);
    expect([ping.status, ping.headers.get('x-influxdb-build')]).toEqual([204, 'OSS']);
    // Nest's route table is at debug now, not in the info lines of every start.
    expect(running.stdout()).not.toContain('RouterExplorer');

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.stdout()).toContain('"msg":"stopped"');
    expect(alive(pid)).toBe(false);
  });

  it('stops the server when npx, which started it, gets SIGTERM', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-vigil', private: true, dependencies: { vigil: '*' } }));
    // What `npm install` of a vigil dependency lays out: the package and its bin link.
    symlinkSync(root, join(project, 'node_modules', 'vigil'));
    symlinkSync(join('..', 'vigil', 'tools', 'bin', 'vigil.cjs'), join(project, 'node_modules', '.bin', 'vigil'));
    const running = startProcess('npx', ['--offline', 'vigil', 'serve', '--data', 'npx-data', '--port', '0'], { cwd: project, env });
    const entry: { running: RunningProcess; pid?: number } = { running };
    started.push(entry);
    const { pid } = await listening(running);
    entry.pid = pid;

    running.child.kill('SIGTERM');
    await running.exited;
    // npm's shell dies of the SIGTERM without passing it on; the launcher sees it gone and stops the server.
    await waitFor(() => (alive(pid) ? undefined : true), { timeoutMs: 30_000, intervalMs: 100, what: 'the server to stop after SIGTERM to npx' });
    expect(alive(pid)).toBe(false);
  });
});
