import { waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/**
 * Task vars in `vigil serve`: a `<name>.vars.json` beside a `--task` file (Kapacitor's
 * `define -vars` JSON) overrides the script's `var` defaults, and is kept with the task in the
 * data folder, so a restart without `--task` runs the task with the same values. The same JSON
 * in the `vars` of POST /kapacitor/v1/tasks defines a task with vars over Kapacitor's HTTP API.
 */
describe('vigil serve: task vars', () => {
  const fixture = useServeFixture('task-vars');
  const receiver = fixture.receiver;

  it('runs a task with the vars of its vars file, also after a restart', async () => {
    const url = await receiver.start();
    const task = [
      'dbrp "vigil"."autogen"',
      'var limit = 100.0',
      'stream',
      '  |from()',
      "    .measurement('cpu')",
      '  |alert()',
      "    .id('{{ index .Tags \"host\" }}')",
      '    .crit(lambda: "v" > limit)',
      `    .post('${url}')`,
      '',
    ].join('\n');
    const tick = fixture.file('limit.tick', task);
    fixture.file('limit.vars.json', JSON.stringify({ limit: { type: 'float', value: 1.5 } }));

    const first = await fixture.serve(['--task', tick]);
    expect((await fetch(`${first.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: 'cpu,host=a v=2 1000000000\n' })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= 1, { timeoutMs: 30_000, what: 'the alert of host a (2 > 1.5)' });
    expect(await first.stop()).toBe(0);

    const second = await fixture.serve();
    expect((await fetch(`${second.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: 'cpu,host=b v=3 2000000000\n' })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= 2, { timeoutMs: 30_000, what: 'the alert of host b after the restart' });
    expect(receiver.bodies.map((body) => (JSON.parse(body) as { id: string; level: string }).id)).toEqual(['a', 'b']);
    expect(receiver.bodies.every((body) => (JSON.parse(body) as { level: string }).level === 'CRITICAL')).toBe(true);
    expect(await second.stop()).toBe(0);
  });
});

describe('vigil serve: task vars over the HTTP API', () => {
  const fixture = useServeFixture('task-vars-http');
  const receiver = fixture.receiver;

  it('defines a task with vars, answering a var of the wrong type with 400 and its place', async () => {
    const url = await receiver.start();
    const script = ['var limit = 100.0', 'stream', "  |from().measurement('cpu')", '  |alert()', "    .id('{{ index .Tags \"host\" }}')", '    .crit(lambda: "v" > limit)', `    .post('${url}')`, ''].join('\n');
    const server = await fixture.serve();
    const define = (vars: unknown): Promise<Response> =>
      fetch(`${server.url}/kapacitor/v1/tasks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'limit', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script, vars, status: 'enabled' }) });

    const refused = await define({ limit: { type: 'float', value: 'high' } });
    expect(refused.status).toBe(400);
    // Line 1 of the script as written: the request's dbrps are kept beside it.
    expect(await refused.json()).toEqual({ error: 'task limit: 1:1: task var limit: a float needs a number value, got "high"' });

    const defined = await define({ limit: { type: 'float', value: 1.5 } });
    expect(defined.status).toBe(200);
    expect(await defined.json()).toMatchObject({ id: 'limit', vars: { limit: { type: 'float', value: 1.5 } } });
    expect((await fetch(`${server.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: 'cpu,host=a v=1 1000000000\ncpu,host=b v=2 1000000000\n' })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= 1, { timeoutMs: 30_000, what: 'the alert of host b (2 > 1.5, below the default 100)' });
    expect(await server.stop()).toBe(0);
    expect(receiver.bodies.map((body) => (JSON.parse(body) as { id: string }).id)).toEqual(['b']);
  });
});
