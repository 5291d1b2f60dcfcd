import type { Point, Tags } from '@vigil/core';
import type { PropertyCall } from '@vigil/tick-lang';
import type { FlowMessage, Message } from '../../runtime/message';
import { AlertNode } from './alert.node';
import { readAlertProperties } from './alert-properties';
import { alertTaskServices } from './alert-task-services';
import type { AlertTemplates } from './alert-templates';
import type { LevelLambdas } from './determine-level';
import { alertPipelineNode, call, dur, fieldLambda, float, int, plainTemplates, RecordingTask, str, testPoint } from './alert-test-doubles.test';

const SECOND = 1_000_000_000n;

function build(properties: readonly PropertyCall[], lambdas: LevelLambdas, task = new RecordingTask(), templates: AlertTemplates = plainTemplates, name = 'alert2') {
  const node = new AlertNode({
    name,
    task,
    properties: readAlertProperties(alertPipelineNode(properties, name)),
    lambdas,
    templates,
    services: alertTaskServices(task),
  });
  const forwarded: FlowMessage[] = [];
  const send = (point: Point, group = '', groupTags: Tags = {}) =>
    node.receive({ kind: 'point', point, group, groupTags, dimensions: { by: [], byMeasurement: false, exclude: [] } }, (m) => forwarded.push(m));
  return { node, task, forwarded, send };
}

const post = call('post', [str('http://broker/alerts')]);
const crit = (threshold: number) => ({ crit: fieldLambda('value', (v) => v > threshold) });

describe('AlertNode, seed provider-health scenario', () => {
  // stateCount(lambda: "sucesso" == 0).as('consecutive_error') feeds the alert: -1 on success.
  const lambdas = (): LevelLambdas => ({
    info: fieldLambda('sucesso', (v) => v === 1),
    crit: fieldLambda('consecutive_error', (v) => v >= 2),
  });
  const point = (second: bigint, sucesso: number, consecutive: number) =>
    testPoint(second * SECOND, { consecutive_error: BigInt(consecutive), latencia: 251, sucesso: BigInt(sucesso) }, { nome_recurso: 'p1', nome_provedor: 'pa' });

  it('sends INFO, a silent recovery, CRITICAL from INFO with duration 0, INFO after 2.314s', () => {
    const { task, send } = build([call('stateChangesOnly'), call('noRecoveries'), post], lambdas());
    send(point(100n, 1, -1));
    send(point(101n, 0, 1));
    send(point(102n, 0, 2));
    send(point(103n, 0, 3));
    send({ ...point(104n, 1, -1), time: 102n * SECOND + 2_314_000_000n });
    expect(task.events.map((e) => [e.level, e.previousLevel, e.duration, e.recoverable])).toEqual([
      ['INFO', 'OK', 0n, false],
      ['CRITICAL', 'INFO', 0n, false],
      ['INFO', 'CRITICAL', 2_314_000_000n, false],
    ]);
    expect(task.events[1]?.series[0]?.columns).toEqual(['time', 'consecutive_error', 'latencia', 'sucesso']);
    expect(task.events.every((e) => e.handlers.length === 1 && e.topic === '' && e.node === 'alert2' && e.task === 'task')).toBe(true);
  });
});

describe('AlertNode, sending rules', () => {
  it('sends every non-OK point and OK only on recovery without stateChangesOnly', () => {
    const { task, send } = build([post], crit(10));
    for (const [t, v] of [[1, 5], [2, 20], [3, 30], [4, 5], [5, 4]] as const) send(testPoint(BigInt(t), { value: v }));
    expect(task.events.map((e) => `${e.level}<${e.previousLevel}@${e.duration}`)).toEqual(['CRITICAL<OK@0', 'CRITICAL<CRITICAL@1', 'OK<CRITICAL@2']);
  });

  it('re-sends an unchanged non-OK level after the max interval, and never repeats OK', () => {
    const { task, send } = build([call('stateChangesOnly', [dur(10n * SECOND)]), post], crit(10));
    for (const [t, v] of [[0, 20], [5, 20], [10, 20], [15, 20], [20, 5], [40, 5], [60, 5]] as const) send(testPoint(BigInt(t) * SECOND, { value: v }));
    expect(task.events.map((e) => `${e.level}@${e.time / SECOND}`)).toEqual(['CRITICAL@0', 'CRITICAL@10', 'OK@20']);
  });

  it('records a suppressed recovery as a trigger: the next streak starts anew and previousLevel skips it', () => {
    const { task, send } = build([call('noRecoveries'), post], crit(10));
    for (const [t, v] of [[1, 20], [2, 5], [3, 5], [4, 20], [6, 20]] as const) send(testPoint(BigInt(t), { value: v }));
    expect(task.events.map((e) => `${e.level}<${e.previousLevel}@${e.duration}`)).toEqual(['CRITICAL<OK@0', 'CRITICAL<CRITICAL@0', 'CRITICAL<CRITICAL@2']);
  });

  it('sends nothing while flapping, recoveries included', () => {
    const { task, send } = build([call('flapping', [float(0.3), float(0.6)]), call('history', [int(4)]), post], crit(10));
    const values = [20, 5, 20, 5, 5, 5, 5, 20];
    values.forEach((v, t) => send(testPoint(BigInt(t), { value: v })));
    // Ratios: .578 .267 .933 .933 .356 .667 0 .578: flapping from the 3rd to the 6th point, which
    // swallows the recovery at 3; the 7th is an unchanged OK; the 8th starts a new streak.
    expect(task.events.map((e) => `${e.level}<${e.previousLevel}@${e.time}+${e.duration}`)).toEqual(['CRITICAL<OK@0+0', 'OK<CRITICAL@1+1', 'CRITICAL<OK@7+0']);
  });

  it('with neither handlers nor topic sends nothing but still forwards triggering points', () => {
    const { task, forwarded, send } = build([call('levelTag', [str('level')])], crit(10));
    send(testPoint(1n, { value: 20 }));
    send(testPoint(2n, { value: 1 }));
    send(testPoint(3n, { value: 2 }));
    expect(task.events).toEqual([]);
    expect(forwarded.map((m) => (m.kind === 'point' ? m.point.tags.level : ''))).toEqual(['CRITICAL', 'OK']);
  });

  it('forwards only points that produced an event, with the event state added', () => {
    const props = ['idTag', 'levelTag', 'idField', 'levelField', 'messageField', 'durationField'].map((p) => call(p, [str(p)]));
    const { forwarded, send } = build([...props, call('stateChangesOnly'), post], crit(10));
    send(testPoint(1n, { value: 20 }, { host: 'a' }));
    send(testPoint(5n, { value: 30 }, { host: 'a' }));
    send(testPoint(9n, { value: 1 }, { host: 'a' }));
    expect(forwarded).toHaveLength(2);
    const last = forwarded[1];
    if (last?.kind !== 'point') throw new Error('expected a point');
    expect(last.point.tags).toEqual({ host: 'a', idTag: 'cpu:nil', levelTag: 'OK' });
    expect(last.point.fields).toEqual({ value: 1, idField: 'cpu:nil', levelField: 'OK', messageField: 'cpu:nil is OK', durationField: 8n });
  });

  it('logs a failing level lambda as an error unless quiet, and falls through', () => {
    const loud = build([post], crit(10));
    loud.send(testPoint(1n, { other: 1 }));
    expect(loud.task.logs.filter((l) => l.level === 'error')).toHaveLength(1);
    const quiet = build([post, call('quiet')], crit(10));
    quiet.send(testPoint(1n, { other: 1 }));
    expect(quiet.task.logs.filter((l) => l.level === 'error')).toHaveLength(0);
  });
});

describe('AlertNode, topics', () => {
  it('shares previousLevel and the starting level between groups that render the same id', () => {
    const sameId: AlertTemplates = { ...plainTemplates, renderId: () => 'shared' };
    const { task, send } = build([post], crit(10), new RecordingTask(), sameId);
    send(testPoint(10n, { value: 20 }), 'host=a');
    // Group b starts at CRITICAL (restored, triggered at 10), so its first point continues the streak.
    send(testPoint(15n, { value: 20 }), 'host=b');
    send(testPoint(20n, { value: 1 }), 'host=b');
    expect(task.events.map((e) => `${e.level}<${e.previousLevel}@${e.duration}`)).toEqual(['CRITICAL<OK@0', 'CRITICAL<CRITICAL@5', 'OK<CRITICAL@10']);
  });

  it('publishes to the anonymous and the named topic, each with its own previousLevel', () => {
    const task = new RecordingTask();
    const first = build([call('topic', [str('cpu')])], crit(10), task, plainTemplates, 'alert2');
    const second = build([call('topic', [str('cpu')]), post], crit(10), task, plainTemplates, 'alert3');
    first.send(testPoint(1n, { value: 20 }));
    second.send(testPoint(2n, { value: 20 }));
    expect(task.events.map((e) => `${e.node}:${e.topic || 'anon'}:${e.level}<${e.previousLevel}:${e.handlers.length}`)).toEqual([
      'alert2:cpu:CRITICAL<OK:0',
      'alert3:anon:CRITICAL<CRITICAL:1',
      'alert3:cpu:CRITICAL<CRITICAL:0',
    ]);
  });
});

describe('AlertNode, inhibition', () => {
  it("drops events of a category while another node's matching group is not OK", () => {
    const task = new RecordingTask();
    const host = build([call('inhibit', [str('system'), str('host')]), post], crit(10), task, plainTemplates, 'alert2');
    const cpu = build([call('category', [str('system')]), post], crit(10), task, plainTemplates, 'alert4');
    const tags = (h: string) => ({ host: h });
    host.send(testPoint(1n, { value: 20 }, tags('a')), 'host=a', tags('a'));
    cpu.send(testPoint(2n, { value: 20 }, tags('a')), 'host=a', tags('a'));
    cpu.send(testPoint(3n, { value: 20 }, tags('b')), 'host=b', tags('b'));
    host.send(testPoint(4n, { value: 1 }, tags('a')), 'host=a', tags('a'));
    cpu.send(testPoint(5n, { value: 20 }, tags('a')), 'host=a', tags('a'));
    expect(task.events.map((e) => `${e.node}:${e.id}:${e.level}<${e.previousLevel}`)).toEqual([
      'alert2:cpu:host=a:CRITICAL<OK',
      'alert4:cpu:host=b:CRITICAL<OK',
      'alert2:cpu:host=a:OK<CRITICAL',
      // The inhibited event was never stored, so previousLevel is still OK.
      'alert4:cpu:host=a:CRITICAL<OK',
    ]);
  });
});

describe('AlertNode, batches', () => {
  const batch = (tmax: bigint, values: number[]): Message => ({
    kind: 'batch',
    name: 'cpu',
    tmax,
    group: 'host=a',
    groupTags: { host: 'a' },
    dimensions: { by: ['host'], byMeasurement: false, exclude: [] },
    points: values.map((value, i) => testPoint(tmax - BigInt(values.length - i), { value }, { host: 'a', cpu: `cpu${i}` })),
  });

  it('takes the highest level, the time of the first point at that level, and the whole batch as series', () => {
    const task = new RecordingTask();
    const node = new AlertNode({
      name: 'alert3', task, properties: readAlertProperties(alertPipelineNode([post])),
      lambdas: { warn: fieldLambda('value', (v) => v > 5), crit: fieldLambda('value', (v) => v > 10) },
      templates: plainTemplates, services: alertTaskServices(task),
    });
    node.receive(batch(100n, [6, 20, 30, 1]), () => undefined);
    node.receive(batch(200n, [1, 2]), () => undefined);
    expect(task.events.map((e) => `${e.level}@${e.time}`)).toEqual(['CRITICAL@97', 'OK@200']);
    expect(task.events[0]?.series[0]?.columns).toEqual(['time', 'cpu', 'value']);
    expect(task.events[0]?.series[0]?.values).toHaveLength(4);
    expect(task.events[0]?.series[0]?.tags).toEqual({ host: 'a' });
  });

  it('with .all() takes the lowest level and the batch time', () => {
    const task = new RecordingTask();
    const node = new AlertNode({
      name: 'alert3', task, properties: readAlertProperties(alertPipelineNode([post, call('all')])),
      lambdas: { warn: fieldLambda('value', (v) => v > 5), crit: fieldLambda('value', (v) => v > 10) },
      templates: plainTemplates, services: alertTaskServices(task),
    });
    node.receive(batch(100n, [20, 30, 8]), () => undefined);
    expect(task.events.map((e) => `${e.level}@${e.time}`)).toEqual(['WARNING@100']);
  });
});

describe('AlertNode, checkpoints', () => {
  it('resumes from a JSON snapshot exactly as if it had not stopped', () => {
    const props = [call('stateChangesOnly', [dur(10n)]), call('topic', [str('t')]), call('inhibit', [str('c'), str('host')]), post];
    const values = [20, 20, 5, 20, 20, 20, 1, 20];
    const straight = build(props, crit(10));
    values.forEach((v, t) => straight.send(testPoint(BigInt(t * 4), { value: v }, { host: 'a' }), 'host=a'));

    const before = build(props, crit(10));
    values.slice(0, 4).forEach((v, t) => before.send(testPoint(BigInt(t * 4), { value: v }, { host: 'a' }), 'host=a'));
    const saved = JSON.parse(JSON.stringify(before.node.snapshot()));
    const after = build(props, crit(10));
    after.node.restore(saved);
    values.slice(4).forEach((v, i) => after.send(testPoint(BigInt((i + 4) * 4), { value: v }, { host: 'a' }), 'host=a'));

    const describe = (events: RecordingTask['events']) => events.map((e) => `${e.topic}:${e.level}<${e.previousLevel}@${e.time}+${e.duration}`);
    expect([...describe(before.task.events), ...describe(after.task.events)]).toEqual(describe(straight.task.events));
    expect(alertTaskServices(after.task).inhibitors.isInhibited('c', { host: 'a' })).toBe(true);
  });

  it('rejects a malformed snapshot', () => {
    const { node } = build([post], crit(10));
    expect(() => node.restore({ version: 1, groups: [{ group: 'x' }] })).toThrow(/groups\[0\]\.state/);
  });
});
