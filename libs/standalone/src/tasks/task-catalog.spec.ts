import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandlerConfig } from '@vigil/alert-handlers';
import type { TaskDefinition } from '@vigil/evaluation';
import { TaskFolder } from '../storage/tasks/task-folder';
import { TaskCatalog, TaskChangeError } from './task-catalog';

const script = (measurement: string): string => `dbrp "vigil"."autogen"\nstream\n    |from()\n        .measurement('${measurement}')\n    |alert()\n        .crit(lambda: "usage" > 90)\n`;

async function catalogIn(handlers: HandlerConfig = {}): Promise<{ catalog: TaskCatalog; folder: TaskFolder; runs: string[][] }> {
  const folder = await TaskFolder.open(join(mkdtempSync(join(tmpdir(), 'vigil-catalog-')), 'tasks'));
  const runs: string[][] = [];
  const catalog = new TaskCatalog(folder, [{ name: 'cpu', script: script('cpu'), status: 'enabled' }], async (definitions: readonly TaskDefinition[]) => void runs.push(definitions.map((task) => task.name)), handlers);
  return { catalog, folder, runs };
}

describe('TaskCatalog', () => {
  it('keeps a defined task in the folder and runs the whole new set, local to the one partition', async () => {
    const { catalog, folder, runs } = await catalogIn();
    await catalog.define({ name: 'mem', script: script('mem'), status: 'enabled' });
    expect(runs).toEqual([['cpu', 'mem']]);
    expect((await folder.list()).map((task) => task.name)).toEqual(['mem']);
    expect(catalog.list().map((task) => task.name)).toEqual(['cpu', 'mem']);
  });

  it('refuses a bad script with its line and column, and changes nothing', async () => {
    const { catalog, folder, runs } = await catalogIn();
    const bad = catalog.define({ name: 'mem', script: script('mem').replace('.measurement', '.measurment'), status: 'disabled' });
    await expect(bad).rejects.toThrow(TaskChangeError);
    await expect(bad).rejects.toThrow(/^task mem: 4:10: unknown property measurment/);
    expect(runs).toEqual([]);
    expect(await folder.list()).toEqual([]);
    expect(catalog.get('mem')).toBeUndefined();
  });

  it("compiles a task API task with the record's dbrps beside the script: errors at the user's own line and column", async () => {
    const { catalog, folder, runs } = await catalogIn();
    const written = script('mem').replace('dbrp "vigil"."autogen"\n', '');
    const record = { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: '2024-05-01T10:00:00.000Z', modified: '2024-05-01T10:00:00.000Z', lastEnabled: '2024-05-01T10:00:00.000Z' };
    await catalog.define({ name: 'mem', script: written, status: 'enabled', record });
    expect(runs).toEqual([['cpu', 'mem']]);
    expect(await folder.get('mem')).toEqual({ name: 'mem', script: written, status: 'enabled', record });
    const bad = catalog.define({ name: 'mem', script: written.replace('.measurement', '.measurment'), status: 'enabled', record });
    await expect(bad).rejects.toThrow(/^task mem: 3:10: unknown property measurment/);
    // Without the record's dbrps the same script reads nothing and is refused.
    await expect(catalog.define({ name: 'mem', script: written, status: 'enabled' })).rejects.toThrow('the script has no dbrp line');
  });

  it('refuses a name the data folder cannot hold', async () => {
    const { catalog } = await catalogIn();
    await expect(catalog.define({ name: 'a é', script: script('x'), status: 'enabled' })).rejects.toThrow(TaskChangeError);
    // Refused by the task-name rule both modes share, before the data folder's own check.
    await expect(catalog.define({ name: '..', script: script('x'), status: 'enabled' })).rejects.toThrow(new TaskChangeError('task ..: task names cannot be "." or "..", which name folders'));
  });

  it('removes a task from the folder and the running set; an unknown one is missing', async () => {
    const { catalog, folder, runs } = await catalogIn();
    await catalog.define({ name: 'mem', script: script('mem'), status: 'enabled' });
    await catalog.remove('mem');
    expect(runs.at(-1)).toEqual(['cpu']);
    expect(await folder.list()).toEqual([]);
    await expect(catalog.remove('mem')).rejects.toMatchObject({ missing: true });
  });

  it('keeps a disabled task without running it, and runs it once enabled', async () => {
    const { catalog, folder, runs } = await catalogIn();
    await catalog.define({ name: 'mem', script: script('mem'), status: 'disabled' });
    expect(runs).toEqual([['cpu']]);
    expect(await folder.get('mem')).toEqual({ name: 'mem', script: script('mem'), status: 'disabled' });
    expect(catalog.get('mem')?.status).toBe('disabled');
    await catalog.define({ name: 'mem', script: script('mem'), status: 'enabled' });
    expect(runs.at(-1)).toEqual(['cpu', 'mem']);
    expect((await folder.get('mem'))?.status).toBe('enabled');
    await catalog.define({ name: 'cpu', script: script('cpu'), status: 'disabled' });
    expect(runs.at(-1)).toEqual(['mem']);
  });

  describe('handlers the configuration does not allow', () => {
    const withHandler = (measurement: string, handler: string): string => `${script(measurement)}        ${handler}\n`;

    it('refuses an .exec() outside exec.allow, enabled or not, with line, column and the setting to add, and changes nothing', async () => {
      const { catalog, folder, runs } = await catalogIn();
      for (const status of ['enabled', 'disabled'] as const) {
        const refused = catalog.define({ name: 'rce', script: withHandler('mem', ".exec('/usr/bin/touch', '/tmp/pwned')"), status });
        await expect(refused).rejects.toThrow(TaskChangeError);
        await expect(refused).rejects.toThrow(
          `task rce: 7:10: alert2: .exec('/usr/bin/touch') is not allowed: vigil runs only programs listed in the handler configuration; add {"program": "/usr/bin/touch"} to exec.allow (with "args" patterns if it takes arguments)`,
        );
      }
      expect(runs).toEqual([]);
      expect(await folder.list()).toEqual([]);
      expect(catalog.get('rce')).toBeUndefined();
    });

    it('refuses a .tcp() outside tcp.allow and a .post() outside post.allowedOrigins when that is set', async () => {
      const { catalog } = await catalogIn({ post: { allowedOrigins: ['https://hooks.example.com'] } });
      await expect(catalog.define({ name: 'tcp', script: withHandler('mem', ".tcp('10.0.0.1:22')"), status: 'enabled' })).rejects.toThrow(/^task tcp: 7:10: alert2: \.tcp\('10\.0\.0\.1:22'\) is not allowed/);
      await expect(catalog.define({ name: 'post', script: withHandler('mem', ".post('http://169.254.169.254/latest')"), status: 'enabled' })).rejects.toThrow(
        /^task post: 7:10: alert2: \.post\(\) to http:\/\/169\.254\.169\.254 is not allowed: add "http:\/\/169\.254\.169\.254" to post\.allowedOrigins/,
      );
    });

    it('defines handlers the configuration allows, and any .post() URL without post.allowedOrigins', async () => {
      const { catalog, runs } = await catalogIn({ exec: { allow: [{ program: '/usr/local/bin/notify', args: ['--channel=[a-z]+'] }] }, tcp: { allow: ['relay:9000'] } });
      await catalog.define({ name: 'ok', script: withHandler('mem', ".exec('/usr/local/bin/notify', '--channel=ops').tcp('relay:9000').post('http://anywhere.example.org/x')"), status: 'enabled' });
      expect(runs).toEqual([['cpu', 'ok']]);
    });
  });
});
