import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';
import { buildHandler } from '../handler-registry';

const exec = (...args: string[]) => ({ kind: 'exec', args, options: [] });

const allowing = (...allow: { program: string; args?: string[] }[]): HandlerConfig => ({ exec: { allow } });

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('exec handler', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-exec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs an allowed program with its arguments and the JSON plus a newline on stdin', async () => {
    const out = join(dir, 'stdin.txt');
    const config = allowing({ program: '/bin/sh', args: ['-c', '.*', 'first-arg', '.*'] });
    const result = await buildHandler(exec('/bin/sh', '-c', 'cat > "$1"; echo "$0" > "$1.arg"', 'first-arg', out), config).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toEqual({ status: 'delivered' });
    expect(await readFile(out, 'utf8')).toBe(`${SEED_CRITICAL_JSON}\n`);
    expect(await readFile(`${out}.arg`, 'utf8')).toBe('first-arg\n');
  });

  it('fails without retry on a non-zero exit, explaining with stderr', async () => {
    const config = allowing({ program: '/bin/sh', args: ['-c', '.*'] });
    const result = await buildHandler(exec('/bin/sh', '-c', 'cat >/dev/null; echo "no route" >&2; exit 3'), config).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toMatch(/status 3.*no route/);
  });

  it('fails without retry when an allowed program does not exist', async () => {
    const missing = join(dir, 'missing');
    const result = await buildHandler(exec(missing), allowing({ program: missing })).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('ENOENT') });
  });

  it('does not care whether the program reads its input', async () => {
    const result = await buildHandler(exec('/bin/true'), allowing({ program: '/bin/true' })).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toEqual({ status: 'delivered' });
  });

  it('needs a program', () => {
    expect(() => buildHandler(exec(), allowing({ program: '/bin/true' }))).toThrow(/program/);
  });

  describe('allowlist', () => {
    it('refuses every program without exec.allow, saying what to add, and never runs it', async () => {
      const target = join(dir, 'pwned');
      expect(() => buildHandler(exec('/usr/bin/touch', target), {})).toThrow(
        new HandlerOptionError(
          `.exec('/usr/bin/touch') is not allowed: vigil runs only programs listed in the handler configuration; add {"program": "/usr/bin/touch"} to exec.allow (with "args" patterns if it takes arguments)`,
        ),
      );
      expect(await exists(target)).toBe(false);
    });

    it('refuses a program that is not listed exactly, however it is spelt', () => {
      const config = allowing({ program: '/bin/true' });
      for (const program of ['true', '/bin/../bin/true', '/bin//true', '/bin/true ', '/BIN/TRUE', '/bin/false']) {
        expect(() => buildHandler(exec(program), config), program).toThrow(HandlerOptionError);
      }
      expect(buildHandler(exec('/bin/true'), config).kind).toBe('exec');
    });

    it('takes no arguments when the entry lists no patterns', () => {
      expect(() => buildHandler(exec('/bin/true', '--help'), allowing({ program: '/bin/true' }))).toThrow(
        new HandlerOptionError(
          ".exec('/bin/true') with 1 argument(s) is not allowed: exec.allow lets it take 0 argument(s), each matching its pattern; add an entry whose \"args\" patterns match these arguments",
        ),
      );
    });

    it('matches each argument against its pattern as a whole, and wants exactly as many arguments as patterns', () => {
      const config = allowing({ program: '/usr/local/bin/notify', args: ['--channel=[a-z]+', '^(ops|dev)$'] });
      const build = (...args: string[]) => () => buildHandler(exec('/usr/local/bin/notify', ...args), config);
      expect(build('--channel=alerts', 'ops')).not.toThrow();
      expect(build('--channel=alerts', 'dev')).not.toThrow();
      expect(build('--channel=alerts; rm -rf /', 'ops')).toThrow(HandlerOptionError);
      expect(build('x--channel=alerts', 'ops')).toThrow(HandlerOptionError);
      expect(build('--channel=alerts', 'opsx')).toThrow(HandlerOptionError);
      expect(build('--channel=alerts')).toThrow(/with 1 argument\(s\) is not allowed: exec.allow lets it take 2 argument\(s\)/);
      expect(build('--channel=alerts', 'ops', 'extra')).toThrow(HandlerOptionError);
    });

    it('accepts any entry for the program, so one program may take several argument lists', () => {
      const config = allowing({ program: '/bin/echo' }, { program: '/bin/echo', args: ['[0-9]+'] });
      expect(() => buildHandler(exec('/bin/echo'), config)).not.toThrow();
      expect(() => buildHandler(exec('/bin/echo', '42'), config)).not.toThrow();
      expect(() => buildHandler(exec('/bin/echo', 'x'), config)).toThrow(/lets it take 0 or 1 argument\(s\)/);
    });

    it('never quotes an argument in its refusal, since arguments may be secrets', () => {
      const secret = 'token=hunter2';
      const config = allowing({ program: '/usr/local/bin/notify', args: ['--channel=[a-z]+'] });
      let message = '';
      try {
        buildHandler(exec('/usr/local/bin/notify', secret), config);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^\.exec\('\/usr\/local\/bin\/notify'\) with 1 argument\(s\) is not allowed/);
      expect(message).not.toContain('hunter2');
    });
  });
});
