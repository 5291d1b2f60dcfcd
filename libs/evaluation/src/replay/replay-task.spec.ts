import type { Point } from '@vigil/core';
import { ENGINE_NODES, NodeRegistry } from '@vigil/tick-engine';
import { parsePartitionKeys } from '@vigil/topic-contract';
import { defineTasks } from '../tasks/task-definition';
import { runReplayTask, ReplayStoppedError } from './replay-task';

const definition = defineTasks([{ name: 'cpu', script: "dbrp \"vigil\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n  |alert()\n    .crit(lambda: \"usage\" > 90)\n    .warn(lambda: \"usage\" > 70)\n    .post('http://127.0.0.1:9/alerts')\n" }], parsePartitionKeys("*=host"))[0]!;
const at = (seconds: number, usage: number): Point => ({ database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: {}, fields: { usage }, time: BigInt(seconds) * 1_000_000_000n });
const points = [at(10, 95), at(15, 75), at(20, 10)];
const NOW_NS = 1_000n * 1_000_000_000n;

/** The engine's nodes, each noting its name in `closed` when its task closes it (as a udf node ends its agent). */
function closeNoting(closed: string[]): NodeRegistry {
  return new NodeRegistry(ENGINE_NODES.map((registration) => ({ ...registration, factory: (node, context) => Object.assign(registration.factory(node, context), { close: () => void closed.push(node.name) }) })));
}

describe('runReplayTask', () => {
  it('shifts the points so the first is at now, keeping their distances (Kapacitor replayStreamFromChan)', async () => {
    const outcome = await runReplayTask({ definition: definition, points, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: new AbortController().signal });
    expect(outcome.points).toBe(3);
    expect(outcome.events.map((event) => [event.level, event.time])).toEqual([
      ['CRITICAL', NOW_NS],
      ['WARNING', NOW_NS + 5_000_000_000n],
      ['OK', NOW_NS + 10_000_000_000n],
    ]);
  });

  it('keeps the recorded times with -rec-time', async () => {
    const outcome = await runReplayTask({ definition: definition, points, recordingTime: true, clock: 'fast', nowNs: NOW_NS, signal: new AbortController().signal });
    expect(outcome.events.map((event) => event.time)).toEqual(points.map((point) => point.time));
  });

  it('stops when its signal ends it', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(runReplayTask({ definition: definition, points, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: stop.signal })).rejects.toThrow(ReplayStoppedError);
  });

  it('closes its task when it ends, done or stopped, so that UDF agents do not outlive it', async () => {
    const done: string[] = [];
    const outcome = await runReplayTask({ definition, points, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: new AbortController().signal, registry: closeNoting(done) });
    expect(outcome.events).toHaveLength(3);
    expect(done).toEqual(definition.pipeline.nodes.map((node) => node.name));
    const stopped: string[] = [];
    const stop = new AbortController();
    stop.abort();
    await expect(runReplayTask({ definition, points, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: stop.signal, registry: closeNoting(stopped) })).rejects.toThrow(ReplayStoppedError);
    expect(stopped).toEqual(done);
  });
});
