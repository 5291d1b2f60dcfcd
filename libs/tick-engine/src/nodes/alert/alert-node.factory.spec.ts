import { createTaskFromScript } from '../../task/create-task-from-script';
import { TaskDefinitionError } from '../../runtime/definition-error';
import { registrationOf, NodeRegistry, STREAM_NODE_BUILDERS } from '../node-registry';
import { lines, Recorder, SECOND } from '../../testing/script-harness.test';
import { createAlertNodeBuilder, type AlertNodeOptions } from './alert-node.factory';
import { AlertTemplateError } from './alert-templates';

const T0 = 1_709_287_200n * SECOND; // 2024-03-01T10:00:00Z

function registry(options: AlertNodeOptions = {}): NodeRegistry {
  return new NodeRegistry([...STREAM_NODE_BUILDERS, createAlertNodeBuilder(options)].map(registrationOf));
}

/** Builds the task; `alert` gets the given properties; points are `lines()` with times from T0. */
function run(alert: string, input: string, options: AlertNodeOptions = {}, groupBy = ".groupBy('host')"): Recorder {
  const recorder = new Recorder('cpu_task');
  const script = `dbrp "db"."rp"\nstream\n  |from()\n    .measurement('cpu')\n    ${groupBy}\n  |alert()\n${alert}\n`;
  const task = createTaskFromScript(script, { ...recorder, taskName: 'cpu_task', registry: registry(options) });
  for (const point of lines(input)) task.write({ ...point, time: point.time + T0 });
  return recorder;
}

function definitionError(alert: string): TaskDefinitionError {
  try {
    run(alert, '');
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a TaskDefinitionError');
}

describe('alert node built from a script', () => {
  it('renders the default details as html-escaped JSON of the details data, with a newline', () => {
    const recorder = run(`    .crit(lambda: "usage" > 80)\n    .post('http://x')`, 'cpu,host=a usage=90 0', {
      serverInfo: { hostname: 'vigil-1', clusterID: 'c1', serverID: 's1' },
    });
    const json =
      '{"Name":"cpu","TaskName":"cpu_task","Group":"host=a","Tags":{"host":"a"},' +
      '"ServerInfo":{"Hostname":"vigil-1","ClusterID":"c1","ServerID":"s1"},"ID":"cpu:host=a","Fields":{"usage":90},' +
      '"Level":"CRITICAL","Time":"2024-03-01T10:00:00Z","Duration":0,"Message":"cpu:host=a is CRITICAL"}';
    expect(recorder.events.map((e) => [e.id, e.message, e.details])).toEqual([
      ['cpu:host=a', 'cpu:host=a is CRITICAL', `${json.replaceAll('"', '&#34;')}\n`],
    ]);
  });

  it('names the nil group `nil` and prints a missing field as <no value> in text, nothing in html', () => {
    const recorder = run(
      `    .crit(lambda: TRUE)\n    .message('{{ .Group }} {{ index .Fields "nope" }}')\n    .details('[{{ index .Fields "nope" }}] {{ index .Tags "nope" }}')\n    .post('http://x')`,
      'cpu usage=1 0',
      {},
      '',
    );
    expect(recorder.events.map((e) => [e.id, e.message, e.details])).toEqual([['cpu:nil', 'nil <no value>', '[] ']]);
  });

  it('shares one lambda instance across groups, so stateful functions count every group', () => {
    const recorder = run(`    .crit(lambda: count() > 2)\n    .post('http://x')`, 'cpu,host=a usage=1 0\ncpu,host=b usage=1 1\ncpu,host=a usage=1 2');
    expect(recorder.events.map((e) => [e.id, e.level])).toEqual([['cpu:host=a', 'CRITICAL']]);
  });

  it('applies a deployment-wide stateChangesOnly', () => {
    const input = 'cpu,host=a usage=90 0\ncpu,host=a usage=95 1';
    expect(run(`    .crit(lambda: "usage" > 80)\n    .post('http://x')`, input).events).toHaveLength(2);
    expect(run(`    .crit(lambda: "usage" > 80)\n    .post('http://x')`, input, { forceStateChangesOnly: true }).events).toHaveLength(1);
  });

  it('stops with AlertTemplateError when a template fails while rendering', () => {
    expect(() => run(`    .crit(lambda: TRUE)\n    .message('{{ .Nope }}')\n    .post('http://x')`, 'cpu,host=a usage=1 0')).toThrow(AlertTemplateError);
  });

  it('rejects a template that does not parse, at the property that set it', () => {
    const error = definitionError(`    .crit(lambda: TRUE)\n    .message('{{ .ID ')`);
    expect([error.pos.line, error.node]).toEqual([8, 'alert2']);
    expect(error.reason).toMatch(/^invalid message template: template: message:1:/);
  });

  it('rejects a relative log path and a broken alerta template at the handler', () => {
    expect(definitionError(`    .log('alerts.log')`).reason).toBe('alert log path must be absolute: alerts.log is not absolute');
    const alerta = definitionError(`    .alerta()\n      .resource('{{ if }}')`);
    expect(alerta.pos.line).toBe(7);
    expect(alerta.reason).toMatch(/^invalid alerta resource template: /);
    expect(definitionError(`    .discord()\n      .embedTitle('{{ .ID ')`).reason).toMatch(/^invalid discord embedTitle template: /);
  });
});
