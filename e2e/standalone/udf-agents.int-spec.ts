import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, runVigil } from '../examples/support/examples';
import { kapacitorAgentsOrWarn } from './support/udf-agents';

const agents = kapacitorAgentsOrWarn();

/** A file in a fresh folder. */
function file(folder: string, name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

/** Each printed event's id and message, in order. */
function messages(stdout: string): [string, string][] {
  return lines(stdout).map((line) => {
    const event = JSON.parse(line) as { id: string; message: string };
    return [event.id, event.message];
  });
}

/**
 * Kapacitor's own example agents (udf/agent/examples, built from its Go module), declared in a
 * UDF configuration and driven by `vigil replay`: what they answer must be what their Go code
 * computes for the points.
 */
describe.skipIf('unavailable' in agents)(`Kapacitor's example UDF agents in vigil replay${'unavailable' in agents ? ` (skipped: ${agents.unavailable})` : ''}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-udf-'));
  const config = 'unavailable' in agents ? '' : file(folder, 'udf.json', JSON.stringify({ functions: { movingAverage: { prog: agents.movingAverage, timeout: '10s' }, outliers: { prog: agents.outliers, timeout: '10s' } } }));

  it('moving_avg (a stream agent) averages the last 3 values of each host', async () => {
    const task = file(
      folder,
      'avg.tick',
      `dbrp "telegraf"."autogen"
stream
  |from().measurement('cpu').groupBy('host')
  @movingAverage().field('usage').size(3).as('avg')
  |alert().id('{{ index .Tags "host" }}').crit(lambda: TRUE).message('{{ index .Fields "avg" }}').post('http://127.0.0.1:9/never-called')
`,
    );
    const points = file(folder, 'cpu.lp', ['cpu,host=a usage=1 1', 'cpu,host=b usage=10 2', 'cpu,host=a usage=2 3', 'cpu,host=a usage=6 4', 'cpu,host=b usage=20 5', 'cpu,host=a usage=10 6'].join('\n'));
    const run = await runVigil('replay', '--tick', task, '--data', points, '--udf-config', config);
    expect(run.code).toBe(0);
    // a: 1, (1+2)/2, (1+2+6)/3, (2+6+10)/3; b: 10, (10+20)/2.
    expect(messages(run.stdout)).toEqual([
      ['a', '1'],
      ['b', '10'],
      ['a', '1.5'],
      ['a', '3'],
      ['b', '15'],
      ['a', '6'],
    ]);
  });

  it('outliers (a batch agent) answers each window with the points outside its IQR fence', async () => {
    const task = file(
      folder,
      'outliers.tick',
      `dbrp "telegraf"."autogen"
stream
  |from().measurement('cpu').groupBy('host')
  |window().period(10s).every(10s).align()
  @outliers().field('usage').scale(1.5)
  |last('usage').as('outlier')
  |alert().id('{{ index .Tags "host" }}').crit(lambda: TRUE).message('{{ index .Fields "outlier" }}').post('http://127.0.0.1:9/never-called')
`,
    );
    // Window [0s, 10s) of host a holds 10..15 and 100: quartiles 11 and 15, fence 11 - 6 to 15 + 6, so
    // only 100 is out; host b's 7 values are all inside their fence, so its batch is empty.
    const a = [10, 11, 12, 13, 14, 15, 100].map((value, i) => `cpu,host=a usage=${value} ${i + 1}000000000`);
    const b = [5, 6, 7, 8, 9, 10, 11].map((value, i) => `cpu,host=b usage=${value} ${i + 1}000000001`);
    const points = file(folder, 'cpu.lp', [...a, ...b, 'cpu,host=a usage=1 11000000000', 'cpu,host=b usage=1 11000000000'].join('\n'));
    const run = await runVigil('replay', '--tick', task, '--data', points, '--udf-config', config);
    expect(run.code).toBe(0);
    expect(messages(run.stdout)).toEqual([['a', '100']]);
  });

  it('vigil check asks the declared functions for their Info and accepts a task calling one; without the configuration it refuses', async () => {
    const task = file(folder, 'check.tick', `dbrp "telegraf"."autogen"\nstream\n  |from().measurement('cpu')\n  @movingAverage().field('usage').size(3)\n`);
    const ok = await runVigil('check', task, '--udf-config', config);
    expect({ code: ok.code, stdout: ok.stdout }).toEqual({ code: 0, stdout: `${task}: ok\n` });
    const refused = await runVigil('check', task);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain("check.tick:4:4: no user-defined function movingAverage is declared (none is declared); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task");
  });

  it('refuses at definition an option the agent does not declare, with its line and column', async () => {
    const task = file(folder, 'bad.tick', `dbrp "telegraf"."autogen"\nstream\n  |from().measurement('cpu')\n  @movingAverage().field('usage').window(3)\n`);
    const run = await runVigil('replay', '--tick', task, '--data', file(folder, 'none.lp', ''), '--udf-config', config);
    expect(run.code).toBe(2);
    expect(run.output).toContain('bad.tick:4:35: udf (movingAverage2) has no property window');
  });
});
