import { waitFor } from '@vigil/testing';
import { goRfc822, kapacitorCliOrWarn, okLines, runKapacitor, type CliRun } from './support/kapacitor-cli';
import { useServeFixture } from './support/serve-fixture';

const cli = kapacitorCliOrWarn();

/** A template whose level lambda compares with `op`; `measurement` must come from the task's vars. */
const template = (receiver: string, op: '>' | '<'): string =>
  ['var measurement string', 'var crit = 90.0', '', 'stream', '    |from()', '        .measurement(measurement)', '    |alert()', `        .crit(lambda: "usage" ${op} crit)`, `        .post('${receiver}')`, ''].join('\n');

interface ApiTemplate {
  readonly dot: string;
  readonly created: string;
  readonly modified: string;
}

/**
 * Templates through the real `kapacitor` 1.5.9 CLI against `vigil serve`: define-template, list
 * and show-template, a task defined from the template with vars, and an update of the template
 * that reloads the task (its alerts follow the new script at once), as Kapacitor's task store
 * does (`updateAllAssociatedTasks`). Outputs are what cmd/kapacitor/main.go prints for what
 * vigil answers.
 */
describe.skipIf('unavailable' in cli)(`the kapacitor 1.5.9 CLI: templates against vigil serve${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const fixture = useServeFixture('kapacitor-templates');

  it('defines a template, a task from it with vars, and reloads the task when the template changes', async () => {
    const binary = 'binary' in cli ? cli.binary : '';
    const receiver = await fixture.receiver.start();
    const serve = await fixture.serve();
    const kapacitor = (...args: string[]): CliRun => runKapacitor(binary, serve.url, args, fixture.dir());
    const ok = okLines;
    const api = async (path: string): Promise<ApiTemplate> => (await (await fetch(`${serve.url}/kapacitor/v1/${path}`)).json()) as ApiTemplate;
    const write = async (usage: number, second: number): Promise<void> => {
      const line = `cpu,host=a usage=${usage} ${(1_700_000_000 + second) * 1e9}`;
      expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen`, { method: 'POST', body: line })).status).toBe(204);
    };

    const above = template(receiver, '>');
    expect(ok(kapacitor('define-template', 'cpu_t', '-tick', fixture.file('cpu_t.tick', above), '-type', 'stream'))).toEqual(['']);
    expect(ok(kapacitor('list', 'templates'))).toEqual([`${'ID'.padEnd(6)}${'Type'.padEnd(10)}${'Vars'.padEnd(40)}`, `${'cpu_t'.padEnd(6)}${'stream'.padEnd(10)}${'crit,measurement'.padEnd(40)}`, '']);
    const shown = await api('templates/cpu_t');
    const row = (name: string, type: string, value: string): string => `${name.padEnd(30)}${type.padEnd(10)}${value.padEnd(40)}${''.padEnd(40)}`;
    expect(ok(kapacitor('show-template', 'cpu_t'))).toEqual([
      'ID: cpu_t',
      'Error: ',
      'Type: stream',
      `Created: ${goRfc822(shown.created)}`,
      `Modified: ${goRfc822(shown.modified)}`,
      'TICKscript:',
      ...above.split('\n'),
      'Vars:',
      row('Name', 'Type', 'Default Value').replace(/ {40}$/, 'Description'.padEnd(40)),
      row('crit', 'float', '90'),
      row('measurement', 'string', '<required>'),
      'DOT:',
      ...shown.dot.split('\n'),
      '',
    ]);
    expect(shown.dot).toBe('digraph cpu_t {\nstream0 -> from1;\nfrom1 -> alert2;\n}');

    // A task of the template without its required var is refused at the var's line and column.
    const missing = kapacitor('define', 'cpu_high', '-template', 'cpu_t', '-dbrp', 'telegraf.autogen');
    expect(missing).toEqual({ code: 3, stdout: '', stderr: 'task cpu_high: 1:1: missing value for var measurement: supply a task var {"measurement": {"type": "string", "value": ...}}\n' });

    const vars = fixture.file('cpu_high.vars.json', JSON.stringify({ measurement: { type: 'string', value: 'cpu' } }));
    expect(ok(kapacitor('define', 'cpu_high', '-template', 'cpu_t', '-vars', vars, '-dbrp', 'telegraf.autogen'))).toEqual(['']);
    expect(ok(kapacitor('enable', 'cpu_high'))).toEqual(['']);
    const task = ok(kapacitor('show', 'cpu_high'));
    expect(task.slice(0, 4)).toEqual(['ID: cpu_high', 'Error: ', 'Template: cpu_t', 'Type: stream']);
    expect(task.slice(9, 11 + above.split('\n').length)).toEqual(['Databases Retention Policies: ["telegraf"."autogen"]', 'TICKscript:', ...above.split('\n')]);
    expect(task.slice(11 + above.split('\n').length, 14 + above.split('\n').length)).toEqual(['Vars:', `${'Name'.padEnd(30)}${'Type'.padEnd(10)}${'Value'.padEnd(40)}`, `${'measurement'.padEnd(30)}${'string'.padEnd(10)}${'cpu'.padEnd(40)}`]);

    // usage 50 is not above 90: nothing. After the template says "below", the same value is critical.
    await write(50, 0);
    const below = template(receiver, '<');
    expect(ok(kapacitor('define-template', 'cpu_t', '-tick', fixture.file('cpu_t_below.tick', below)))).toEqual(['']);
    expect(ok(kapacitor('show', 'cpu_high')).slice(11, 11 + below.split('\n').length)).toEqual(below.split('\n'));
    await write(50, 1);
    await waitFor(() => fixture.receiver.bodies.length >= 1, { timeoutMs: 30_000, what: 'the alert of the updated template' });
    expect(fixture.receiver.bodies.map((body) => (JSON.parse(body) as { id: string; level: string }).level)).toEqual(['CRITICAL']);
    expect(JSON.parse(fixture.receiver.bodies[0] ?? '{}')).toMatchObject({ id: 'cpu:nil', message: 'cpu:nil is CRITICAL' });

    // Deleting the template leaves its task as it was, as Kapacitor's handleDeleteTemplate does.
    expect(ok(kapacitor('delete', 'templates', 'cpu_t'))).toEqual(['']);
    expect(ok(kapacitor('list', 'templates'))).toEqual([`${'ID'.padEnd(3)}${'Type'.padEnd(10)}${'Vars'.padEnd(40)}`, '']);
    expect(ok(kapacitor('show', 'cpu_high')).slice(2, 5)).toEqual(['Template: cpu_t', 'Type: stream', 'Status: enabled']);

    // The task and the (deleted) template's absence survive a restart.
    expect(await serve.stop()).toBe(0);
    const again = await fixture.serve();
    expect(runKapacitor(binary, again.url, ['list', 'tasks'], fixture.dir()).stdout.split('\n')[1]).toMatch(/^cpu_high +stream +enabled +true +\["telegraf"\."autogen"\]$/);
    expect(await again.stop()).toBe(0);
  });
});
