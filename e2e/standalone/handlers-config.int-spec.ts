import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/**
 * `vigil serve --handlers-config FILE`: the notifier's handler configuration file, so a task can
 * name an endpoint (`.post().endpoint('broker')`) instead of carrying its URL; a bad file stops
 * the start with every bad entry listed.
 */
describe('vigil serve --handlers-config', () => {
  const fixture = useServeFixture('handlers');
  const receiver = fixture.receiver;

  it('delivers to an endpoint named in the configuration', async () => {
    const url = await receiver.start();
    const seed = seedGolden(url);
    const taskFile = fixture.file('provider_health.tick', seed.task.replace(`.post('${url}')`, ".post().endpoint('broker')"));
    const config = fixture.file('handlers.json', JSON.stringify({ post: { endpoints: { broker: { url } } } }));
    const serve = await fixture.serve(['--task', taskFile, '--handlers-config', config]);
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: 'the seed deliveries' });
    expect([...receiver.bodies].sort()).toEqual(seed.expected.map((json) => `${json}\n`).sort());
    expect(await serve.stop()).toBe(0);
  });

  it('refuses to start with a bad configuration, naming the entry', async () => {
    const config = fixture.file('bad-handlers.json', JSON.stringify({ post: { endpoints: { broker: { url: 42 } } } }));
    const root = repositoryRoot();
    const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), 'serve', '--data', join(fixture.dir(), 'data2'), '--port', '0', '--handlers-config', config], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`${config}:`);
    expect(run.output()).toContain('post.endpoints.broker.url');
  });
});
