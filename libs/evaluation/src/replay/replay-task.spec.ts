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

  it('raises a deadman alert at the first interval of the gap in the points, in replay time (stats ticker as Kapacitor\'s replay clock moves)', async () => {
    const [deadman] = defineTasks([{ name: 'dead', script: "dbrp \"vigil\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n  |deadman(0.0, 10s)\n    .post('http://127.0.0.1:9/alerts')\n" }], parsePartitionKeys('*=host'));
    // A point every 5 s from 0 to 25 s, then none until 60 s.
    const gapped = [0, 5, 10, 15, 20, 25, 60, 65].map((seconds) => at(seconds, 1));
    const outcome = await runReplayTask({ definition: deadman!, points: gapped, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: new AbortController().signal });
    expect(outcome.points).toBe(8);
    // Reports at 1010..1060 s count 2, 4, 6, 6, 6, 6: the rate is first zero at 1040 s; nothing is
    // reported after the last point, so the task is not seen to come back.
    expect(outcome.events.map((event) => [event.level, event.time / 1_000_000_000n])).toEqual([
      ['CRITICAL', 1040n],
      ['CRITICAL', 1050n],
      ['CRITICAL', 1060n],
    ]);
  });

  it('reports stats at its interval of replay time, counting the points written before each report', async () => {
    const [stats] = defineTasks([{ name: 'stats', script: "dbrp \"vigil\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n  |stats(10s)\n  |alert()\n    .info(lambda: \"emitted\" >= 0)\n    .post('http://127.0.0.1:9/alerts')\n" }], parsePartitionKeys('*=host'));
    const every3s = Array.from({ length: 12 }, (_, index) => at(100 + index * 3, 1));
    const outcome = await runReplayTask({ definition: stats!, points: every3s, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: new AbortController().signal });
    // Points at 0, 3, ..., 33 s after the start; reports fall due 10, 20 and 30 s after it, each
    // counting the points before it (the one at 30 s is fed after the clock reached 30 s).
    expect(outcome.events.map((event) => [event.time - NOW_NS, event.series[0]?.values[0]?.[1]])).toEqual([
      [10_000_000_000n, 4n],
      [20_000_000_000n, 7n],
      [30_000_000_000n, 10n],
    ]);
  });

  it('reports the replayed task\'s node figures (Kapacitor\'s replay stats)', async () => {
    const outcome = await runReplayTask({ definition, points, recordingTime: false, clock: 'fast', nowNs: NOW_NS, signal: new AbortController().signal });
    const byNode = Object.fromEntries((outcome.statistics ?? []).map((node) => [node.node, node]));
    expect(Object.keys(byNode)).toEqual(definition.pipeline.nodes.map((node) => node.name));
    expect(byNode['from1']?.collected).toBe(3);
    expect(byNode['alert2']?.alerts).toMatchObject({ triggered: 3, critical: 1, warning: 1, ok: 1 });
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
