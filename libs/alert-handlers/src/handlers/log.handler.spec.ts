import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler, checkHandlerAllowed } from '../handler-registry';

const log = (path: string, options: { name: string; args: number[] }[] = []) => ({ kind: 'log', args: [path], options });

describe('log handler', () => {
  let dir: string;
  const allowed = () => ({ log: { allow: [dir] } });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per event, creating missing folders', async () => {
    const path = join(dir, 'a', 'b', 'alerts.log');
    const handler = buildHandler(log(path), allowed());
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await readFile(path, 'utf8')).toBe(`${SEED_CRITICAL_JSON}\n${SEED_CRITICAL_JSON}\n`);
  });

  it('creates the file with mode 0600 by default and honours .mode()', async () => {
    const defaultPath = join(dir, 'default.log');
    const sharedPath = join(dir, 'shared.log');
    await buildHandler(log(defaultPath), allowed()).send(seedCriticalEvent(), { attempt: 1 });
    await buildHandler(log(sharedPath, [{ name: 'mode', args: [0o640] }]), allowed()).send(seedCriticalEvent(), { attempt: 1 });
    expect((await stat(defaultPath)).mode & 0o777).toBe(0o600);
    expect((await stat(sharedPath)).mode & 0o777).toBe(0o640);
  });

  it.skipIf(process.getuid?.() === 0)('fails without retry when the file cannot be written', async () => {
    const path = join(dir, 'readonly.log');
    await writeFile(path, '');
    await chmod(path, 0o400);
    const result = await buildHandler(log(path), allowed()).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
  });

  it('fails without retry when the path is a folder', async () => {
    const result = await buildHandler(log(dir), allowed()).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('EISDIR') });
  });

  it('refuses relative paths and modes the owner cannot write', () => {
    expect(() => buildHandler(log('alerts.log'), allowed())).toThrow(/absolute/);
    expect(() => buildHandler(log(join(dir, 'x.log'), [{ name: 'mode', args: [0o444] }]), allowed())).toThrow(/owner/);
  });

  it('refuses a path below no folder of log.allow, at definition and when built, and every path without the list', async () => {
    const config = { log: { allow: [join(dir, 'logs')] } };
    expect(() => checkHandlerAllowed(log(join(dir, 'logs/a/alerts.log')), config)).not.toThrow();
    for (const path of [join(dir, 'handlers.json'), join(dir, 'logs/../handlers.json'), join(dir, 'logs-other/a.log')]) {
      expect(() => checkHandlerAllowed(log(path), config)).toThrow(`.log('${path}') is not allowed: vigil appends only to files below folders listed in the handler configuration; add its folder to log.allow`);
      expect(() => buildHandler(log(path), config)).toThrow(/is not allowed/);
    }
    expect(() => buildHandler(log(join(dir, 'a.log')), {})).toThrow(/add its folder to log.allow/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not follow a link at the file, which could point at any file the notifier can write', async () => {
    const target = join(dir, 'outside.json');
    await writeFile(target, '{}');
    await mkdir(join(dir, 'logs'));
    await symlink(target, join(dir, 'logs/alerts.log'));
    const result = await buildHandler(log(join(dir, 'logs/alerts.log')), { log: { allow: [join(dir, 'logs')] } }).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('ELOOP') });
    expect(await readFile(target, 'utf8')).toBe('{}');
  });

  it('does not follow a folder link out of log.allow, creating nothing there, and follows one that stays inside', async () => {
    await mkdir(join(dir, 'outside'));
    await mkdir(join(dir, 'logs/kept'), { recursive: true });
    await symlink(join(dir, 'outside'), join(dir, 'logs/out'));
    await symlink(join(dir, 'logs/kept'), join(dir, 'logs/in'));
    const config = { log: { allow: [join(dir, 'logs')] } };
    for (const path of [join(dir, 'logs/out/alerts.log'), join(dir, 'logs/out/new/alerts.log')]) {
      const result = await buildHandler(log(path), config).send(seedCriticalEvent(), { attempt: 1 });
      expect(result).toEqual({ status: 'failed', retryable: false, reason: `log file write refused: the folder ${join(path, '..')} leads outside log.allow through a link` });
    }
    expect(await readdir(join(dir, 'outside'))).toEqual([]);
    expect(await buildHandler(log(join(dir, 'logs/in/a/alerts.log')), config).send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await readFile(join(dir, 'logs/kept/a/alerts.log'), 'utf8')).toBe(`${SEED_CRITICAL_JSON}\n`);
  });

  it('writes below an allowed folder that is itself a link, or not yet created', async () => {
    await mkdir(join(dir, 'data'));
    await symlink(join(dir, 'data'), join(dir, 'logs'));
    const linked = buildHandler(log(join(dir, 'logs/alerts.log')), { log: { allow: [join(dir, 'logs')] } });
    expect(await linked.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await readdir(join(dir, 'data'))).toEqual(['alerts.log']);
    const fresh = buildHandler(log(join(dir, 'fresh/a/alerts.log')), { log: { allow: [join(dir, 'fresh')] } });
    expect(await fresh.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
  });
});
