import { waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';
import { kapacitorAgentsOrWarn } from './support/udf-agents';

const agents = kapacitorAgentsOrWarn();

/**
 * Kapacitor's real moving_avg agent behind a task of `vigil serve`, declared with --udf-config: the
 * averages reach the handler, and the agent's state survives a restart, since the task's
 * checkpoint holds the agent's snapshot and the new process is given it (Init, then Restore).
 */
describe.skipIf('unavailable' in agents)(`a UDF in vigil serve${'unavailable' in agents ? ` (skipped: ${agents.unavailable})` : ''}`, () => {
  const fixture = useServeFixture('udf');
  const receiver = fixture.receiver;

  async function write(url: string, lines: string): Promise<void> {
    const response = await fetch(`${url}/write?db=telegraf&precision=s`, { method: 'POST', body: lines });
    expect(response.status).toBe(204);
  }

  const messages = (): string[] => receiver.bodies.map((body) => (JSON.parse(body) as { message: string }).message);

  it('averages through the agent and keeps its window across a restart', async () => {
    if ('unavailable' in agents) return;
    const url = await receiver.start();
    const config = fixture.file('udf.json', JSON.stringify({ functions: { movingAverage: { prog: agents.movingAverage, timeout: '10s' } } }));
    const task = fixture.file(
      'avg.tick',
      `dbrp "telegraf"."autogen"
stream
  |from().measurement('cpu').groupBy('host')
  @movingAverage().field('usage').size(3).as('avg')
  |alert().id('{{ index .Tags "host" }}').crit(lambda: TRUE).message('{{ index .Fields "avg" }}').post('${url}')
`,
    );
    const first = await fixture.serve(['--task', task, '--udf-config', config]);
    await write(first.url, 'cpu,host=a usage=1 1\ncpu,host=a usage=2 2');
    await waitFor(() => receiver.bodies.length >= 2, { timeoutMs: 30_000, what: 'the first two averages' });
    expect(await first.stop()).toBe(0);

    // A new process of the agent: (1 + 2 + 6) / 3 only if it was given the window [1, 2] back.
    const second = await fixture.serve(['--udf-config', config]);
    await write(second.url, 'cpu,host=a usage=6 3\ncpu,host=a usage=10 4');
    await waitFor(() => receiver.bodies.length >= 4, { timeoutMs: 30_000, what: 'four averages' });
    expect(await second.stop()).toBe(0);
    expect(messages()).toEqual(['1', '1.5', '3', '6']);
  });

  it('the task API takes a task calling a declared function, and refuses an undeclared one or a bad option with its line and column', async () => {
    if ('unavailable' in agents) return;
    const config = fixture.file('udf-api.json', JSON.stringify({ functions: { movingAverage: { prog: agents.movingAverage, timeout: '10s' } } }));
    const serve = await fixture.serve(['--udf-config', config], 'api-data');
    const define = (id: string, script: string): Promise<Response> =>
      fetch(`${serve.url}/kapacitor/v1/tasks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id, type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script, status: 'enabled' }) });
    const head = "stream\n  |from().measurement('cpu')\n";
    expect((await define('declared', `${head}  @movingAverage().field('usage').size(3)\n  |log()\n`)).status).toBe(200);
    const undeclared = await define('undeclared', `${head}  @median().field('usage')\n`);
    expect(undeclared.status).toBe(400);
    expect(await undeclared.text()).toContain("3:4: no user-defined function median is declared (declared: movingAverage); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task");
    const badOption = await define('bad-option', `${head}  @movingAverage().size('3')\n`);
    expect(badOption.status).toBe(400);
    expect(await badOption.text()).toContain("3:25: udf.size: argument value1 must be a int, got string '3'");
    expect(await serve.stop()).toBe(0);
  });

  it('refuses to start when a declared function cannot answer Info, naming it', async () => {
    const config = fixture.file('broken.json', JSON.stringify({ functions: { broken: { prog: '/nonexistent/agent', timeout: '2s' } } }));
    await expect(fixture.serve(['--udf-config', config], 'broken-data')).rejects.toThrow(/UDF broken: cannot start \/nonexistent\/agent/);
  });
});
