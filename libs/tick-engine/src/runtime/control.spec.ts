import type { Point } from '@vigil/core';
import { compileTickScript } from '@vigil/tick-lang';
import { compileLambda } from '../lambda';
import { DEFAULT_NODE_REGISTRY } from '../nodes/node-registry';
import { DBRP, lines, Recorder, SECOND } from '../testing/script-harness.test';
import { dispatch } from './control';
import { pointMessage } from './group-id';
import type { BarrierMessage, Dimensions, FlowMessage } from './message';
import type { NodeRuntime } from './node-runtime';

const BY_HOST: Dimensions = { by: ['host'], byMeasurement: false, exclude: [] };

/**
 * One node of a script, built alone, fed by hand: `feed` takes line-protocol points of host
 * groups, `barrier(host, s)` and `remove(host)` the control messages; `out` lists what it emits.
 */
function nodeOf(
  script: string,
  type: string,
): { node: NodeRuntime; parents: readonly number[]; out: string[]; feed: (text: string, via?: number) => void; barrier: (host: string, seconds: number, via?: number) => void; remove: (host: string) => void } {
  const { pipeline } = compileTickScript(DBRP + script);
  const spec = pipeline.nodes.find((candidate) => candidate.type === type)!;
  const node = DEFAULT_NODE_REGISTRY.find(type)!.factory(spec, { task: new Recorder(), pipeline, compileLambda: (expr) => compileLambda(expr, { now: () => 0n }) });
  const out: string[] = [];
  const emit = (message: FlowMessage): void => void out.push(shown(message));
  // A parent of a join or union stamps what it sends with its id (parent-stamp.ts).
  const send = (message: FlowMessage, via?: number): void => dispatch(node, via === undefined ? message : (Object.assign({ via }, message) as FlowMessage), emit);
  return {
    node,
    parents: spec.parents,
    out,
    feed: (text, via) => {
      for (const point of lines(text)) send(pointMessage(point, { id: `host=${point.tags['host']}`, tags: { host: point.tags['host'] ?? '' }, dimensions: BY_HOST }), via);
    },
    barrier: (host, seconds, via) => send(barrierOf(host, seconds), via),
    remove: (host) => send({ kind: 'deleteGroup', group: `host=${host}` }),
  };
}

function barrierOf(host: string, seconds: number): BarrierMessage {
  return { kind: 'barrier', group: `host=${host}`, groupTags: { host }, dimensions: BY_HOST, time: BigInt(seconds) * SECOND };
}

function at(time: bigint): string {
  return String(Number(time) / 1e9);
}

function shown(message: FlowMessage): string {
  switch (message.kind) {
    case 'point':
      return `point ${message.point.name} ${message.group} ${at(message.point.time)} ${JSON.stringify(message.point.fields, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}i` : value))}`;
    case 'batch':
      return `batch ${message.name} ${message.group} ${at(message.tmax)} [${message.points.map((point: Point) => at(point.time)).join(',')}]`;
    case 'barrier':
      return `barrier ${message.group} ${at(message.time)}`;
    case 'deleteGroup':
      return `delete ${message.group}`;
  }
}

const FROM = "stream|from().groupBy('host')";

describe('barriers and group deletions in the nodes', () => {
  it('window (every): a barrier at or after nextEmit emits [nextEmit - period, nextEmit) and goes no further', () => {
    const { out, feed, barrier } = nodeOf(`${FROM}|window().period(10s).every(10s).align()`, 'window');
    feed('m,host=a v=1 1\nm,host=a v=2 4');
    barrier('a', 9);
    barrier('a', 10);
    feed('m,host=a v=3 12');
    barrier('a', 21);
    expect(out).toEqual(['batch m host=a 10 [1,4]', 'batch m host=a 20 [12]']);
  });

  it('window (every point): a barrier emits (b - period, b]', () => {
    const { out, feed, barrier } = nodeOf(`${FROM}|window().period(5s)`, 'window');
    feed('m,host=a v=1 1\nm,host=a v=2 4');
    barrier('a', 7);
    expect(out).toEqual(['batch m host=a 1 [1]', 'batch m host=a 4 [1,4]', 'batch m host=a 7 [4]']);
  });

  it('window: a barrier of an unseen group creates its window, named barrier (WindowNode.NewGroup)', () => {
    const { out, feed, barrier } = nodeOf(`${FROM}|window().period(10s).every(10s)`, 'window');
    barrier('b', 3);
    feed('m,host=b v=1 5\nm,host=b v=1 14');
    expect(out).toEqual(['batch barrier host=b 13 [5]']);
  });

  it('window: a deletion drops the group, which starts again with its next point; count windows pass barriers on', () => {
    const time = nodeOf(`${FROM}|window().period(10s).every(10s)`, 'window');
    time.feed('m,host=a v=1 1');
    time.remove('a');
    time.feed('m,host=a v=1 12\nm,host=a v=1 23');
    expect(time.out).toEqual(['delete host=a', 'batch m host=a 22 [12]']);
    const count = nodeOf(`${FROM}|window().periodCount(2).everyCount(2)`, 'window');
    count.feed('m,host=a v=1 1');
    count.barrier('a', 5);
    count.feed('m,host=a v=1 6');
    expect(count.out).toEqual(['barrier host=a 5', 'batch m host=a 6 [1,6]']);
  });

  it('grouped nodes forget a deleted group and pass both messages on (stateCount restarts its streak)', () => {
    const { out, feed, barrier, remove } = nodeOf(`${FROM}|stateCount(lambda: "v" > 0)`, 'stateCount');
    feed('m,host=a v=1 1\nm,host=a v=1 2');
    barrier('a', 3);
    remove('a');
    feed('m,host=a v=1 4');
    expect(out).toEqual([
      'point m host=a 1 {"v":1,"state_count":"1i"}',
      'point m host=a 2 {"v":1,"state_count":"2i"}',
      'barrier host=a 3',
      'delete host=a',
      'point m host=a 4 {"v":1,"state_count":"1i"}',
    ]);
  });

  it('groupBy sends the batches it holds when a barrier of another time arrives, then the barrier', () => {
    const { out, barrier, node } = nodeOf(`${FROM}|window().period(10s).every(10s)|groupBy()`, 'groupBy');
    const emit = (message: FlowMessage): void => void out.push(shown(message));
    const points = lines('m,host=a v=1 1\nm,host=b v=2 2');
    node.receive({ kind: 'batch', name: 'm', tmax: 10n * SECOND, group: 'host=a', groupTags: { host: 'a' }, dimensions: BY_HOST, points: [points[0]!] }, emit);
    node.receive({ kind: 'batch', name: 'm', tmax: 10n * SECOND, group: 'host=b', groupTags: { host: 'b' }, dimensions: BY_HOST, points: [points[1]!] }, emit);
    barrier('a', 12);
    expect(out).toEqual(['batch m  10 [1,2]', 'barrier host=a 12']);
  });

  it('flatten sends the points it holds on a later barrier, even without fields, then the barrier', () => {
    const { out, feed, barrier } = nodeOf(`${FROM}|flatten().on('x')`, 'flatten');
    feed('m,host=a,x=1 v=1 5\nm,host=a,x=2 v=2 5');
    barrier('a', 5);
    barrier('a', 6);
    expect(out).toEqual(['barrier host=a 5', 'point m host=a 5 {"1.v":1,"2.v":2}', 'barrier host=a 6']);
  });

  it('join takes a barrier as its parent head and sends the sets every head has passed; deletions stop there', () => {
    const script = `var a = stream|from().measurement('a').groupBy('host')
var b = stream|from().measurement('b').groupBy('host')
a|join(b).as('a', 'b').fill(0)`;
    const { out, feed, barrier, remove, parents } = nodeOf(script, 'join');
    const [a, b] = parents;
    feed('a,host=h v=1 1', a);
    feed('b,host=h v=2 2', b);
    // Both heads are now past 1, so the set of 1 goes incomplete (filled); b's head is still at 2.
    barrier('h', 5, a);
    expect(out).toEqual(['point a host=h 1 {"a.v":1,"b.v":"0i"}', 'barrier host=h 5']);
    barrier('h', 5, b);
    remove('h');
    expect(out.slice(2)).toEqual(['point b host=h 2 {"a.v":"0i","b.v":2}', 'barrier host=h 5']);
  });

  it('union queues a barrier like a point of its time; deletions stop there', () => {
    const script = `var a = stream|from().measurement('a').groupBy('host')
var b = stream|from().measurement('b').groupBy('host')
a|union(b)`;
    const { out, feed, barrier, remove, parents } = nodeOf(script, 'union');
    const [b, a] = parents;
    feed('b,host=h v=1 3', b);
    barrier('h', 2, a);
    remove('h');
    expect(out).toEqual(['barrier host=h 2']);
    feed('a,host=h v=1 4', a);
    expect(out.slice(1)).toEqual(['point b host=h 3 {"v":1}']);
  });

  it('stats counts neither and forgets a deleted group; alert passes both on and restarts the group', () => {
    const stats = nodeOf(`var d = ${FROM}\nd|stats(1s)`, 'stats');
    stats.feed('m,host=a v=1 1');
    stats.barrier('a', 2);
    stats.remove('a');
    stats.node.tick?.(0n, () => undefined);
    stats.node.tick?.(2n * SECOND, (message) => stats.out.push(shown(message)));
    expect(stats.out).toEqual([]);
    const alert = nodeOf(`${FROM}|alert().crit(lambda: "v" > 0)`, 'alert');
    alert.barrier('a', 1);
    alert.remove('a');
    expect(alert.out).toEqual(['barrier host=a 1', 'delete host=a']);
  });
});
