import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/** `vigil dlq` against a standalone server: its dead-letter file, and a replay the server delivers. */
describe('vigil dlq --data/--url with vigil serve', () => {
  const fixture = useServeFixture('dlq');
  const receiver = fixture.receiver;
  let receiverUrl: string | undefined;

  /** The broker, started by the first test that needs it. */
  async function broker(): Promise<string> {
    receiverUrl ??= await receiver.start();
    return receiverUrl;
  }

  function taskFile(url: string): string {
    return fixture.file('cpu.tick', `dbrp "telegraf"."autogen"\n\nstream\n  |from()\n    .measurement('cpu')\n  |alert()\n    .crit(lambda: "usage" > 90)\n    .post('${url}')\n`);
  }

  async function vigil(...args: string[]): Promise<{ code: number | NodeJS.Signals; stdout: string; output: string }> {
    const root = repositoryRoot();
    const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    });
    const code = await run.exited;
    return { code, stdout: run.stdout(), output: run.output() };
  }

  function jsonLines(text: string): Record<string, unknown>[] {
    return text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  function letterCount(data: string): number {
    const path = join(data, 'dead-letters.jsonl');
    return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line !== '').length : 0;
  }

  it('lists a post answered 400, replays it through the running server once, and a second replay sends nothing', async () => {
    const url = await broker();
    receiver.status = 400;
    const data = join(fixture.dir(), 'data');
    const serve = await fixture.serve(['--task', taskFile(url)]);
    expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen&precision=s`, { method: 'POST', body: 'cpu,host=a usage=95 1700000000\n' })).status).toBe(204);
    await waitFor(() => letterCount(data) === 1, { timeoutMs: 30_000, what: 'the dead letter' });

    const list = await vigil('dlq', 'list', '--data', data);
    expect(list.code).toBe(0);
    const letters = jsonLines(list.stdout);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ alertId: 'cpu:nil', task: 'cpu', handlerKey: '0:post', kind: 'post', level: 'CRITICAL', retryable: false, partition: 0, offset: '1' });
    expect(String(letters[0]?.['reason'])).toContain('400');

    receiver.status = 200;
    const replay = await vigil('dlq', 'replay', '--url', serve.url);
    expect(replay.code).toBe(0);
    expect(jsonLines(replay.stdout)).toEqual([{ eventId: letters[0]?.['eventId'], alertId: 'cpu:nil', handlerKey: '0:post', outcome: 'replayed' }]);
    await waitFor(() => receiver.bodies.length === 1, { timeoutMs: 30_000, what: 'the replayed delivery' });
    expect(JSON.parse(receiver.bodies[0] ?? '{}')).toMatchObject({ id: 'cpu:nil', level: 'CRITICAL' });

    const again = await vigil('dlq', 'replay', '--url', serve.url);
    expect(jsonLines(again.stdout)).toEqual([{ eventId: letters[0]?.['eventId'], alertId: 'cpu:nil', handlerKey: '0:post', outcome: 'skipped', why: 'delivered since' }]);
    // The lock is the server's: a replay into the folder is refused and names --url.
    const locked = await vigil('dlq', 'replay', '--data', data);
    expect(locked.code).toBe(1);
    expect(locked.output).toContain('--url');
    // Stopping lets every delivery in hand finish: anything the second replay had sent would be here.
    expect(await serve.stop()).toBe(0);
    expect(receiver.bodies).toHaveLength(1);
    expect(receiver.refused).toBe(1);
  });

  it('replays into a stopped server\'s folder, and the next vigil serve delivers it', async () => {
    const url = await broker();
    receiver.bodies.length = 0;
    receiver.refused = 0;
    receiver.status = 400;
    const data = join(fixture.dir(), 'stopped');
    const task = taskFile(url);
    const first = await fixture.serve(['--task', task], 'stopped');
    expect((await fetch(`${first.url}/write?db=telegraf&rp=autogen&precision=s`, { method: 'POST', body: 'cpu,host=b usage=99 1700000000\n' })).status).toBe(204);
    await waitFor(() => letterCount(data) === 1, { timeoutMs: 30_000, what: 'the dead letter' });
    expect(await first.stop()).toBe(0);

    const dry = await vigil('dlq', 'replay', '--data', data, '--dry-run');
    expect(jsonLines(dry.stdout).map((line) => line['outcome'])).toEqual(['would-replay']);
    const replay = await vigil('dlq', 'replay', '--data', data);
    expect(replay.code).toBe(0);
    expect(jsonLines(replay.stdout).map((line) => line['outcome'])).toEqual(['replayed']);

    receiver.status = 200;
    const second = await fixture.serve(['--task', task], 'stopped');
    await waitFor(() => receiver.bodies.length === 1, { timeoutMs: 30_000, what: 'the replayed delivery' });
    expect(await second.stop()).toBe(0);
    expect(receiver.bodies).toHaveLength(1);
  });
});
