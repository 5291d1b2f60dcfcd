import { compileTickScript, type PipelineNode } from '@vigil/tick-lang';
import { DBRP, lines, Recorder, run, scriptTask } from '../testing/script-harness.test';
import { TaskDefinitionError } from '../runtime/definition-error';
import type { NodeBuildContext } from '../runtime/node-runtime';
import { NodeRegistry, registrationOf, STREAM_NODE_BUILDERS } from '../nodes/node-registry';
import { createTask } from './task';

describe('createTask', () => {
  it('routes points through from() to the children in pipeline order', () => {
    const recorder = run(
      `stream|from().measurement('cpu')|httpOut('out')`,
      `cpu,host=a value=1 10
       mem,host=a value=2 11
       cpu,host=b value=3 12`,
    );
    expect(recorder.outPoints().map((point) => point.fields['value'])).toEqual([1, 3]);
  });

  it('says whether the host must tick it: a stats, deadman or barrier node acts on the clock', () => {
    expect(scriptTask(`stream|from()|httpOut('out')`).task.ticks).toBe(false);
    expect(scriptTask(`stream|from()|deadman(0.0, 10s)`).task.ticks).toBe(true);
    expect(scriptTask(`stream|from()|barrier().idle(10s)|httpOut('out')`).task.ticks).toBe(true);
  });

  it('drops points of other databases and retention policies', () => {
    const { task, recorder } = scriptTask(`stream|from()|httpOut('out')`);
    const [point] = lines('cpu value=1 1');
    task.write({ ...point!, database: 'other' });
    task.write({ ...point!, retentionPolicy: 'other' });
    task.write(point!);
    expect(recorder.outPoints()).toHaveLength(1);
  });

  it('feeds each child of a node the same messages, first child first', () => {
    const recorder = run(
      `var data = stream|from()
       data|httpOut('a')
       data|httpOut('b')`,
      'cpu value=1 1',
    );
    expect(recorder.published.map(([endpoint]) => endpoint)).toEqual(['a', 'b']);
  });

  it('fails naming a node whose type has no implementation', () => {
    const { pipeline } = compileTickScript(`${DBRP}stream|from()|httpOut('out')`);
    const nodes = pipeline.nodes.map((node) => (node.type === 'httpOut' ? { ...node, type: 'k8sAutoscale' } : node));
    expect(() => createTask({ ...pipeline, nodes }, new Recorder())).toThrow(/http_out2: vigil has no implementation of the k8sAutoscale node/);
  });

  it('reports bad node definitions with their position', () => {
    const { pipeline } = compileTickScript(`${DBRP}stream|from()|window().period(1m)`);
    const periodCount = { name: 'periodCount', args: [{ type: 'int' as const, value: 3n }], pos: { line: 9, column: 4, offset: 0 }, properties: [] };
    const nodes = pipeline.nodes.map((node) => (node.type === 'window' ? { ...node, properties: [...node.properties, periodCount] } : node));
    const build = () => createTask({ ...pipeline, nodes }, new Recorder());
    expect(build).toThrow(TaskDefinitionError);
    expect(build).toThrow(/^2:24: window2: window: cannot use both period and periodCount$/);
  });

  it('passes the same TaskContext object to every node', () => {
    const contexts = new Set<unknown>();
    const registry = new NodeRegistry(
      STREAM_NODE_BUILDERS.map(registrationOf).map((registration) => ({
        ...registration,
        factory: (node: PipelineNode, context: NodeBuildContext) => {
          contexts.add(context.task);
          return registration.factory(node, context);
        },
      })),
    );
    const { pipeline } = compileTickScript(`${DBRP}stream|from()|httpOut('a')`);
    createTask(pipeline, { ...new Recorder(), registry });
    expect(contexts.size).toBe(1);
  });
});

describe('Task.restore', () => {
  it('leaves the task as it was when the snapshot does not fit', () => {
    const { task, recorder } = scriptTask(`stream|from()|stateCount(lambda: "v" > 0)|httpOut('out')`);
    task.write(lines('m v=1 1')[0]!);
    const snapshot = task.snapshot();
    const broken = { ...snapshot, nodes: snapshot.nodes.map((node) => (node.type === 'stateCount' ? { ...node, state: { groups: [['', 'not a count']], lambdas: [] } } : node)) };
    expect(() => task.restore(broken)).toThrow();
    task.write(lines('m v=1 2')[0]!);
    expect(recorder.outPoints().map((point) => point.fields['state_count'])).toEqual([1n, 2n]);
  });
});
