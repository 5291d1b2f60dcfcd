import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';

const exec = (...args: string[]) => ({ kind: 'exec', args, options: [] });

describe('exec handler', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-exec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the program with its arguments and the JSON plus a newline on stdin', async () => {
    const out = join(dir, 'stdin.txt');
    const result = await buildHandler(exec('/bin/sh', '-c', 'cat > "$1"; echo "$0" > "$1.arg"', 'first-arg', out), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toEqual({ status: 'delivered' });
    expect(await readFile(out, 'utf8')).toBe(`${SEED_CRITICAL_JSON}\n`);
    expect(await readFile(`${out}.arg`, 'utf8')).toBe('first-arg\n');
  });

  it('fails without retry on a non-zero exit, explaining with stderr', async () => {
    const result = await buildHandler(exec('/bin/sh', '-c', 'cat >/dev/null; echo "no route" >&2; exit 3'), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toMatch(/status 3.*no route/);
  });

  it('fails without retry when the program does not exist', async () => {
    const result = await buildHandler(exec(join(dir, 'missing')), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('ENOENT') });
  });

  it('does not care whether the program reads its input', async () => {
    const result = await buildHandler(exec('/bin/true'), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toEqual({ status: 'delivered' });
  });

  it('needs a program', () => {
    expect(() => buildHandler(exec(), {})).toThrow(/program/);
  });
});
