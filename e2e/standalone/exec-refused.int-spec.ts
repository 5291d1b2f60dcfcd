import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/**
 * The remote-code-execution path of issue 9 through `vigil serve`: a task whose alert node runs
 * `.exec('/usr/bin/touch', FILE)`. Without exec.allow in the handler configuration it is refused
 * over the task API (400, naming the setting to add) and, placed in the data folder by hand, it
 * stops the next start; points written meanwhile never create the file. Listed in exec.allow, the
 * same task starts and runs the program on the next point, so the checks above can fail.
 */
describe('vigil serve: .exec() outside exec.allow', () => {
  const fixture = useServeFixture('exec-refused');

  const rceTask = (target: string): string => `stream
    |from()
        .measurement('cpu')
    |alert()
        .crit(lambda: "usage" > 90)
        .exec('/usr/bin/touch', '${target}')
`;

  it('answers 400 to the define and refuses to start with the task in the data folder; the program never runs', async () => {
    const target = join(fixture.dir(), 'pwned');
    const serve = await fixture.serve();
    const defined = await fetch(`${serve.url}/kapacitor/v1/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'rce', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script: rceTask(target), status: 'enabled' }),
    });
    expect(defined.status).toBe(400);
    expect(((await defined.json()) as { error: string }).error).toBe(
      `task rce: 6:10: alert2: .exec('/usr/bin/touch') is not allowed: vigil runs only programs listed in the handler configuration; add {"program": "/usr/bin/touch"} to exec.allow (with "args" patterns if it takes arguments)`,
    );
    expect(((await (await fetch(`${serve.url}/kapacitor/v1/tasks`)).json()) as { tasks: unknown[] }).tasks).toEqual([]);

    // By hand, as someone with write access to the data folder would: the running server does not read it.
    const tasks = join(fixture.dir(), 'data', 'tasks');
    mkdirSync(tasks, { recursive: true });
    writeFileSync(join(tasks, 'rce.tick'), `dbrp "vigil"."autogen"\n${rceTask(target)}`);
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: 'cpu usage=95 1700000000000000000\n' })).status).toBe(204);
    expect(await serve.stop()).toBe(0);
    expect(existsSync(target)).toBe(false);

    const restart = fixture.serve();
    await expect(restart).rejects.toThrow(/exited with 2 before listening/);
    await expect(restart).rejects.toThrow(`rce.tick:7:10: alert2: .exec('/usr/bin/touch') is not allowed`);
    expect(existsSync(target)).toBe(false);

    const exactly = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const handlers = fixture.file('handlers.json', JSON.stringify({ exec: { allow: [{ program: '/usr/bin/touch', args: [exactly] }] } }));
    const allowed = await fixture.serve(['--handlers-config', handlers]);
    expect((await fetch(`${allowed.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: 'cpu usage=96 1700000001000000000\n' })).status).toBe(204);
    await waitFor(() => existsSync(target), { timeoutMs: 30_000, what: 'the allowed program to run' });
    expect(await allowed.stop()).toBe(0);
  });
});
