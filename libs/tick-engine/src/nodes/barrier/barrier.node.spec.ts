import { compileTickScript } from '@vigil/tick-lang';
import type { Point } from '@vigil/core';
import type { BatchMessage, FlowMessage, PointMessage } from '../../runtime/message';
import type { NodeRuntime } from '../../runtime/node-runtime';
import { factoryOf } from '../../runtime/node-spec';
import { pointMessage } from '../../runtime/group-id';
import { DBRP, lines, Recorder, scriptTask, SECOND } from '../../testing/script-harness.test';
import { barrierNodeBuilder, MAX_BARRIERS_PER_LOOK } from './barrier.node';

/** The barrier node of `stream|from().groupBy('host')|barrier()<properties>`, with its clock and what it emits. */
function barrierOf(properties: string): { node: NodeRuntime; recorder: Recorder; out: string[]; write: (line: string) => void; tick: (seconds: number) => void } {
  const { pipeline } = compileTickScript(`${DBRP}stream|from().groupBy('host')|barrier()${properties}`);
  const recorder = new Recorder();
  const node = factoryOf(barrierNodeBuilder)(pipeline.nodes[2]!, { task: recorder, pipeline });
  const out: string[] = [];
  const emit = (message: FlowMessage): void => void out.push(shown(message));
  const write = (line: string): void => {
    const point = lines(line)[0] as Point;
    recorder.clock = point.time;
    node.receive(messageOf(point), emit);
  };
  const tick = (seconds: number): void => {
    recorder.clock = BigInt(seconds) * SECOND;
    node.tick?.(recorder.clock, emit);
  };
  return { node, recorder, out, write, tick };
}

function messageOf(point: Point): PointMessage {
  const host = point.tags['host'] ?? '';
  return pointMessage(point, { id: `host=${host}`, tags: { host }, dimensions: { by: ['host'], byMeasurement: false, exclude: [] } });
}

function seconds(time: bigint): string {
  return String(Number(time) / 1e9);
}

function shown(message: FlowMessage): string {
  switch (message.kind) {
    case 'point':
      return `point ${message.group} ${seconds(message.point.time)}`;
    case 'batch':
      return `batch ${message.group} ${message.points.map((point) => seconds(point.time)).join(',')}`;
    case 'barrier':
      return `barrier ${message.group} ${seconds(message.time)}`;
    case 'deleteGroup':
      return `delete ${message.group}`;
  }
}

describe('barrier node', () => {
  it('idle: fires at the last point time plus idle, again every idle while quiet, oldest first', () => {
    const { out, write, tick } = barrierOf('.idle(5s)');
    write('m,host=a v=1 1');
    write('m,host=b v=1 2');
    write('m,host=a v=1 4');
    tick(9); // b's timer ran out at 7 (2 + 5), a's (restarted at 4) at 9: a tick at that instant fires it
    tick(12);
    expect(out).toEqual(['point host=a 1', 'point host=b 2', 'point host=a 4', 'barrier host=b 7', 'barrier host=a 9', 'barrier host=b 12']);
    out.length = 0;
    // One look sends every barrier due, oldest first: a at 14, b at 17, a again at 19.
    tick(20);
    expect(out).toEqual(['barrier host=a 14', 'barrier host=b 17', 'barrier host=a 19']);
  });

  it('idle: a message at the instant its timer runs out keeps the group alive; older points are dropped', () => {
    const { out, write } = barrierOf('.idle(5s)');
    write('m,host=a v=1 1');
    write('m,host=a v=1 6');
    write('m,host=b v=1 12');
    write('m,host=a v=1 10');
    write('m,host=a v=1 11');
    expect(out).toEqual(['point host=a 1', 'point host=a 6', 'barrier host=a 11', 'point host=b 12', 'point host=a 11']);
  });

  it('period: fires every period of the clock from the group creation, with the clock time, and is not restarted by points', () => {
    const { out, write, tick } = barrierOf('.period(10s)');
    write('m,host=a v=1 3');
    write('m,host=a v=1 8');
    tick(13);
    write('m,host=a v=1 12');
    write('m,host=a v=1 14');
    tick(35);
    expect(out).toEqual(['point host=a 3', 'point host=a 8', 'barrier host=a 13', 'point host=a 14', 'barrier host=a 23', 'barrier host=a 33']);
  });

  it('delete(TRUE): a deletion follows each barrier and the group starts afresh, forgetting its last barrier', () => {
    const { out, write, tick } = barrierOf('.idle(5s).delete(TRUE)');
    write('m,host=a v=1 1');
    tick(20);
    write('m,host=a v=1 2');
    tick(30);
    expect(out).toEqual(['point host=a 1', 'barrier host=a 6', 'delete host=a', 'point host=a 2', 'barrier host=a 7', 'delete host=a']);
  });

  it('takes barriers from upstream as messages of their time, and drops late batch points', () => {
    const { node, out, write, recorder } = barrierOf('.idle(5s)');
    const emit = (message: FlowMessage): void => void out.push(shown(message));
    write('m,host=a v=1 1');
    recorder.clock = 3n * SECOND;
    node.control?.({ kind: 'barrier', group: 'host=a', groupTags: { host: 'a' }, dimensions: { by: ['host'], byMeasurement: false, exclude: [] }, time: 3n * SECOND }, emit);
    const [early, late] = lines('m,host=a v=1 2\nm,host=a v=1 4');
    const batch: BatchMessage = { kind: 'batch', name: 'm', tmax: 4n * SECOND, group: 'host=a', groupTags: { host: 'a' }, dimensions: { by: ['host'], byMeasurement: false, exclude: [] }, points: [early as Point, late as Point] };
    node.receive(batch, emit);
    expect(out).toEqual(['point host=a 1', 'barrier host=a 3', 'batch host=a 4']);
  });

  it('sends at most MAX_BARRIERS_PER_LOOK barriers of a group at one look, then restarts its timer from the clock', () => {
    const { out, write, tick, recorder } = barrierOf('.idle(1s)');
    write('m,host=a v=1 0');
    tick(MAX_BARRIERS_PER_LOOK + 100);
    expect(out).toHaveLength(MAX_BARRIERS_PER_LOOK + 1);
    expect(out.at(-1)).toBe(`barrier host=a ${MAX_BARRIERS_PER_LOOK}`);
    expect(recorder.logs.map((entry) => entry.level)).toEqual(['warn']);
    tick(MAX_BARRIERS_PER_LOOK + 101);
    expect(out.at(-1)).toBe(`barrier host=a ${MAX_BARRIERS_PER_LOOK + 1}`);
  });

  it('delete(TRUE) before an alert: the group starts anew at the level its topic stored (AlertNode.restoreEventState)', () => {
    const { task, recorder } = scriptTask(`stream|from().groupBy('host')|barrier().idle(5s).delete(TRUE)|alert().crit(lambda: "v" > 0).stateChangesOnly().topic('t')`);
    const write = (line: string): void => {
      const point = lines(line)[0] as Point;
      recorder.clock = point.time;
      task.write(point);
    };
    write('m,host=a v=1 1');
    recorder.clock = 10n * SECOND;
    task.tick(recorder.clock);
    // The new group starts CRITICAL, triggered at 1: the same level is no change, and the
    // recovery's duration runs from 1.
    write('m,host=a v=1 11');
    write('m,host=a v=0 12');
    expect(recorder.events.map((event) => [event.level, event.previousLevel, Number(event.duration / SECOND)])).toEqual([
      ['CRITICAL', 'OK', 0],
      ['OK', 'CRITICAL', 11],
    ]);
  });

  it('is refused without idle or period, or with both', () => {
    const { pipeline } = compileTickScript(`${DBRP}stream|from()|barrier().idle(1s)`);
    const node = pipeline.nodes[2]!;
    const build = (properties: typeof node.properties): NodeRuntime => factoryOf(barrierNodeBuilder)({ ...node, properties }, { task: new Recorder(), pipeline });
    const idle = node.properties[0]!;
    expect(() => build([])).toThrow('idle must be greater than zero');
    expect(() => build([idle, { ...idle, name: 'period' }])).toThrow('cannot specify both idle and period');
  });
});
