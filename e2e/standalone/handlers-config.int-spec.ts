import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { AlertReceiver } from './support/alert-receiver';
import { seedGolden } from './support/seed-golden';
import { startServe, type ServeProcess } from './support/standalone-process';

/**
 * `vigil serve --handlers-config FILE`: the notifier's handler configuration file, so a task can
 * name an endpoint (`.post().endpoint('broker')`) instead of carrying its URL; a bad file stops
 * the start with every bad entry listed.
 */
describe('vigil serve --handlers-config', () => {
  const receiver = new AlertReceiver();
  let dir: string;
  let serve: ServeProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-serve-handlers-'));
  });

  afterAll(async () => {
    serve?.process.kill();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers to an endpoint named in the configuration', async () => {
    const url = await receiver.start();
    const seed = seedGolden(url);
    const taskFile = join(dir, 'provider_health.tick');
    writeFileSync(taskFile, seed.task.replace(`.post('${url}')`, ".post().endpoint('broker')"));
    const config = join(dir, 'handlers.json');
    writeFileSync(config, JSON.stringify({ post: { endpoints: { broker: { url } } } }));
    serve = await startServe(join(dir, 'data'), ['--task', taskFile, '--handlers-config', config]);
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: 'the seed deliveries' });
    expect([...receiver.bodies].sort()).toEqual(seed.expected.map((json) => `${json}\n`).sort());
    expect(await serve.stop()).toBe(0);
  });

  it('refuses to start with a bad configuration, naming the entry', async () => {
    const config = join(dir, 'bad-handlers.json');
    writeFileSync(config, JSON.stringify({ post: { endpoints: { broker: { url: 42 } } } }));
    const root = repositoryRoot();
    const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), 'serve', '--data', join(dir, 'data2'), '--port', '0', '--handlers-config', config], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`${config}:`);
    expect(run.output()).toContain('post.endpoints.broker.url');
  });
});
