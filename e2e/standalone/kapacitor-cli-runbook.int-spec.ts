import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kapacitorCliOrWarn, okLines, runKapacitor, statsGeneralLines, type CliRun } from './support/kapacitor-cli';
import { useServeFixture } from './support/serve-fixture';

const cli = kapacitorCliOrWarn();

interface Vars {
  readonly cluster_id: string;
  readonly server_id: string;
  readonly host: string;
  readonly platform: string;
  readonly version: string;
}

const SCRIPT = ['dbrp "telegraf"."autogen"', '', 'stream', '    |from()', "        .measurement('cpu')", '    |alert()', '        .crit(lambda: "usage" > 90)', ''].join('\n');

/**
 * What a runbook calls, through the real `kapacitor` 1.5.9 CLI against `vigil serve`: stats
 * general and ingress (real figures: tasks and points received per db, rp and measurement),
 * vars, level, backup (a tarball that restores the definitions into an empty data folder with
 * the same ids), list service-tests and a service test through the post handler. Each output is
 * what cmd/kapacitor/main.go prints for what vigil answers.
 */
describe.skipIf('unavailable' in cli)(`the kapacitor 1.5.9 CLI: runbook commands against vigil serve${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const fixture = useServeFixture('kapacitor-runbook');

  it('answers stats, vars, level, backup and service tests with real figures', async () => {
    const binary = 'binary' in cli ? cli.binary : '';
    const receiver = await fixture.receiver.start();
    const serve = await fixture.serve();
    const kapacitor = (...args: string[]): CliRun => runKapacitor(binary, serve.url, args, fixture.dir());
    const ok = okLines;

    expect(ok(kapacitor('define', 'cpu', '-tick', fixture.file('cpu.tick', SCRIPT)))).toEqual(['']);
    expect(ok(kapacitor('define', 'mem', '-tick', fixture.file('mem.tick', SCRIPT.replace("'cpu'", "'mem'"))))).toEqual(['']);
    expect(ok(kapacitor('enable', 'cpu'))).toEqual(['']);
    const lines = ['cpu,host=a usage=5 1700000000000000000', 'cpu,host=b usage=6 1700000000000000000', 'mem,host=a used=1 1700000000000000000'].join('\n');
    expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen`, { method: 'POST', body: lines })).status).toBe(204);
    expect((await fetch(`${serve.url}/write?db=vigil&rp=short`, { method: 'POST', body: 'disk,host=a free=1 1700000000000000000' })).status).toBe(204);

    // `kapacitor vars` prints the body as it is; stats general reads the same document.
    const varsRun = kapacitor('vars');
    expect({ code: varsRun.code, stderr: varsRun.stderr }).toEqual({ code: 0, stderr: '' });
    const vars = JSON.parse(varsRun.stdout) as Vars & { num_tasks: number; num_enabled_tasks: number };
    expect(vars).toMatchObject({ num_tasks: 2, num_enabled_tasks: 1, num_subscriptions: 0, product: 'vigil', version: '1.5.9+vigil' });
    expect(vars.cluster_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(join(fixture.dir(), 'data', 'cluster.id'), 'utf8')).toBe(vars.cluster_id);
    expect(ok(kapacitor('stats', 'general'))).toEqual(statsGeneralLines(vars, 2, 1));
    const ingress = (db: string, rp: string, measurement: string, points: number | string): string =>
      `${db.padEnd(9)}${rp.padEnd(17)}${measurement.padEnd(12)}${typeof points === 'number' ? String(points).padStart(15) : points}`;
    expect(ok(kapacitor('stats', 'ingress'))).toEqual([
      ingress('Database', 'Retention Policy', 'Measurement', 'Points Received'),
      ingress('telegraf', 'autogen', 'cpu', 2),
      ingress('telegraf', 'autogen', 'mem', 1),
      ingress('vigil', 'short', 'disk', 1),
      '',
    ]);

    // level: Kapacitor's three names, any case; anything else is its 400.
    expect(ok(kapacitor('level', 'DEBUG'))).toEqual(['']);
    expect(kapacitor('level', 'verbose')).toEqual({ code: 3, stdout: '', stderr: 'invalid log level\n' });
    expect(ok(kapacitor('level', 'info'))).toEqual(['']);

    // backup: the whole archive, restorable into an empty folder that then serves the same tasks and ids.
    const backup = join(fixture.dir(), 'vigil.backup');
    expect(ok(kapacitor('backup', backup))).toEqual(['']);
    expect(statSync(backup).size).toBeGreaterThan(0);
    const listed = execFileSync('tar', ['-tzf', backup], { encoding: 'utf8' }).split('\n').filter((line) => line !== '').sort();
    expect(listed).toEqual(['cluster.id', 'server.id', 'tasks/cpu.task.json', 'tasks/cpu.tick', 'tasks/mem.task.json', 'tasks/mem.tick', 'tasks/mem.status'].sort());
    const restored = join(fixture.dir(), 'restored');
    mkdirSync(restored);
    execFileSync('tar', ['-xzf', backup, '-C', restored]);
    expect(await serve.stop()).toBe(0);
    const again = await fixture.serve([], 'restored');
    expect(runKapacitor(binary, again.url, ['list', 'tasks'], fixture.dir()).stdout.split('\n').map((line) => line.trimEnd())).toEqual([
      'ID  Type      Status    Executing Databases and Retention Policies',
      'cpu stream    enabled   true      ["telegraf"."autogen"]',
      'mem stream    disabled  false     ["telegraf"."autogen"]',
      '',
    ]);
    const restoredVars = JSON.parse(runKapacitor(binary, again.url, ['vars'], fixture.dir()).stdout) as Vars;
    expect([restoredVars.cluster_id, restoredVars.server_id]).toEqual([vars.cluster_id, vars.server_id]);
    const run = (...args: string[]): CliRun => runKapacitor(binary, again.url, args, fixture.dir());

    // service tests: the list is the services vigil's handlers serve, under Kapacitor's names.
    expect(ok(run('list', 'service-tests'))).toEqual(['Service Name', 'alerta', 'alertmanager', 'bigpanda', 'discord', 'httppost', 'kafka', 'mqtt', 'opsgenie', 'opsgenie2', 'pagerduty', 'pagerduty2', 'pushover', 'sensu', 'servicenow', 'slack', 'smtp', 'snmptrap', 'teams', 'telegram', 'victorops', '']);
    expect(ok(run('list', 'service-tests', 'http*'))).toEqual(['Service Name', 'httppost', '']);
    // The CLI posts a test without a Content-Type, which the access guard lets through (a browser
    // would add an Origin): the test runs with the service's default options, which name no URL,
    // so vigil's post handler says why it cannot send (the CLI's "%-20s%-10v%s" rows).
    const defaultTest = run('service-tests', 'httppost');
    expect(defaultTest).toEqual({
      code: 0,
      stdout: `${'Service'.padEnd(20)}${'Success'.padEnd(10)}Message\n${'httppost'.padEnd(20)}${'false'.padEnd(10)}.post() has no URL and no endpoint "default" is configured; add it under post.endpoints or pass a URL\n`,
      stderr: '',
    });
    // The same test as a JSON client sends it reaches the receiver through vigil's post handler.
    const tested = await fetch(`${again.url}/kapacitor/v1/service-tests/httppost`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: receiver, headers: { 'X-Test': 'yes' } }) });
    expect(await tested.json()).toEqual({ success: true, message: '' });
    expect(fixture.receiver.bodies.map((body) => JSON.parse(body) as { id: string; message: string; level: string })).toMatchObject([{ id: 'httppost-service-test', message: 'test httppost message', level: 'CRITICAL' }]);
    const refused = await fetch(`${again.url}/kapacitor/v1/service-tests/slack`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'null' });
    expect(await refused.json()).toMatchObject({ success: false });
    expect(await again.stop()).toBe(0);
  });
});
