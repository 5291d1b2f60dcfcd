import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CRITICAL_JSON, seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';

const log = (path: string, options: { name: string; args: number[] }[] = []) => ({ kind: 'log', args: [path], options });

describe('log handler', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per event, creating missing folders', async () => {
    const path = join(dir, 'a', 'b', 'alerts.log');
    const handler = buildHandler(log(path), {});
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
    expect(await readFile(path, 'utf8')).toBe(`${SEED_CRITICAL_JSON}\n${SEED_CRITICAL_JSON}\n`);
  });

  it('creates the file with mode 0600 by default and honours .mode()', async () => {
    const defaultPath = join(dir, 'default.log');
    const sharedPath = join(dir, 'shared.log');
    await buildHandler(log(defaultPath), {}).send(seedCriticalEvent(), { attempt: 1 });
    await buildHandler(log(sharedPath, [{ name: 'mode', args: [0o640] }]), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect((await stat(defaultPath)).mode & 0o777).toBe(0o600);
    expect((await stat(sharedPath)).mode & 0o777).toBe(0o640);
  });

  it.skipIf(process.getuid?.() === 0)('fails without retry when the file cannot be written', async () => {
    const path = join(dir, 'readonly.log');
    await writeFile(path, '');
    await chmod(path, 0o400);
    const result = await buildHandler(log(path), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
  });

  it('fails without retry when the path is a folder', async () => {
    const result = await buildHandler(log(dir), {}).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('EISDIR') });
  });

  it('refuses relative paths and modes the owner cannot write', () => {
    expect(() => buildHandler(log('alerts.log'), {})).toThrow(/absolute/);
    expect(() => buildHandler(log('/tmp/x.log', [{ name: 'mode', args: [0o444] }]), {})).toThrow(/owner/);
  });
});
