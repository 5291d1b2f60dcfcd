import fc from 'fast-check';
import { encodeAlertEvent, PROVIDER_HEALTH_BY_PROVIDER_TICK } from '@vigil/core';
import { InMemoryCheckpointStore, type PartitionRef } from '../checkpoint/checkpoint-store';
import { groupsSection, keysSection, taskField } from '../checkpoint/checkpoint-fields';
import { MessageDecoder, type InputMessage } from '../decode/message-decoder';
import { ENGINE_NODES, NodeRegistry } from '@vigil/tick-engine';
import { POINT_HEADERS } from '@vigil/topic-contract';
import { replayEvents } from '../oracle/replay-oracle';
import { defineTasks } from '../tasks/task-definition';
import { lineRecords, providerPoints, SEED_KEYS, seedTasks } from '../testing/fixtures.test';
import { PartitionRuntime, type EmittedEvent, type PartitionRuntimeOptions } from './partition-runtime';

const decoder = new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' });

function runtime(overrides: Partial<PartitionRuntimeOptions> = {}): PartitionRuntime {
  return new PartitionRuntime({ topic: 'points', partition: 3, tasks: seedTasks(), now: () => 0n, log: () => undefined, ...overrides });
}

async function applyAll(target: PartitionRuntime, records: readonly InputMessage[]) {
  return target.apply(await decoder.decodeAll(records));
}

/** Restores a runtime from a store as PartitionWorker does: the fields, then every task's keys. */
async function restoreFrom(target: PartitionRuntime, store: InMemoryCheckpointStore, partition: PartitionRef) {
  const keys = new Map<string, (readonly [string, string])[]>();
  for (const task of target.incrementalTasks()) {
    const entries: (readonly [string, string])[] = [];
    for await (const chunk of store.scanEntries(partition, keysSection(task))) entries.push(...chunk);
    keys.set(task, entries);
  }
  return target.restore(await store.load(partition), keys);
}

/** Applies records after reading back their saved groups, then saves the step, as PartitionWorker does. */
async function applySaved(target: PartitionRuntime, store: InMemoryCheckpointStore, partition: PartitionRef, records: readonly InputMessage[]) {
  const decoded = await decoder.decodeAll(records);
  for (const [task, groups] of target.groupsToLoad(decoded)) target.admit(task, (await store.readEntries(partition, groupsSection(task), groups)).entries);
  const step = target.apply(decoded);
  await store.save(partition, step.offset.toString(), step.write);
  target.saved();
  return step;
}

const json = (events: readonly EmittedEvent[]) => events.map(({ event }) => encodeAlertEvent(event));

describe('PartitionRuntime', () => {
  const points = providerPoints(400, 3, 4, 7);
  const records = lineRecords(points, 3);

  it('gives the events of a replay of the same points', async () => {
    const result = await applyAll(runtime(), records);
    const expected = replayEvents(seedTasks()[0]!, points).map((event) => encodeAlertEvent(event));
    expect(expected.length).toBeGreaterThan(20);
    expect(json(result.events)).toEqual(expected);
    expect(result.points).toBe(400);
    expect(result.pointsByTask.get('provider_health')).toBe(400);
    expect(result.offset).toBe(BigInt(records.length));
    expect(runtime().taskStats()).toEqual([{ task: 'provider_health', points: 0, groups: 0, held: 0 }]);
  });

  it('gives every event an id determined by the point that caused it', async () => {
    const first = await applyAll(runtime(), records);
    const second = await applyAll(runtime(), records);
    const ids = first.events.map((event) => event.eventId);
    expect(second.events.map((event) => event.eventId)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const elsewhere = await applyAll(runtime({ partition: 4 }), records);
    expect(elsewhere.events.map((event) => event.eventId).some((id) => ids.includes(id))).toBe(false);
  });

  it('continues from a checkpoint taken after any batch with the same events and ids', async () => {
    const whole = await applyAll(runtime(), records);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: records.length - 1 }), { minLength: 1, maxLength: 4 }), async (cutList) => {
        const cuts = [...new Set(cutList)].sort((a, b) => a - b);
        const store = new InMemoryCheckpointStore();
        const partition = { topic: 'points', partition: 3 };
        const events: EmittedEvent[] = [];
        let start = 0;
        for (const end of [...cuts, records.length]) {
          // Groups idle for one batch leave memory and come back from the store.
          const fresh = runtime({ groups: { idleBatches: 1 } });
          await restoreFrom(fresh, store, partition);
          for (let from = start; from < end; from += 7) events.push(...(await applySaved(fresh, store, partition, records.slice(from, Math.min(end, from + 7)))).events);
          start = end;
        }
        expect(events.map((event) => event.eventId)).toEqual(whole.events.map((event) => event.eventId));
        expect(json(events)).toEqual(json(whole.events));
      }),
      { numRuns: 25 },
    );
  });

  it('asks the store for groups only once some left memory: while the task holds every group in memory, one not in memory is new', async () => {
    const store = new InMemoryCheckpointStore();
    const partition = { topic: 'points', partition: 3 };
    const hostRecords = (host: string, first: bigint) =>
      lineRecords([{ ...(points[0] as (typeof points)[number]), tags: { nome_recurso: host, nome_provedor: 'p0' }, time: (points[0] as (typeof points)[number]).time + first }], 1, first);
    const target = runtime({ groups: { idleBatches: 1 } });
    await applySaved(target, store, partition, hostRecords('a', 0n));
    expect(target.taskStats()).toEqual([{ task: 'provider_health', points: 1, groups: 1, held: 1 }]);
    // Group b is new, and a is in memory: nothing to read back.
    expect(target.groupsToLoad(await decoder.decodeAll(hostRecords('b', 1n)))).toEqual(new Map());
    await applySaved(target, store, partition, hostRecords('b', 1n));
    await applySaved(target, store, partition, hostRecords('b', 2n));
    // a was idle for a step and left memory: its point needs its saved state, b's does not.
    expect(target.taskStats()).toEqual([{ task: 'provider_health', points: 3, groups: 1, held: 2 }]);
    const both = await decoder.decodeAll([...hostRecords('b', 3n), ...hostRecords('a', 4n)]);
    expect(target.groupsToLoad(both)).toEqual(new Map([['provider_health', ['nome_provedor=p0,nome_recurso=a']]]));
  });

  it('rebuilds state from records below the quiet offset without returning their events or forwards', async () => {
    const [byProvider] = defineTasks([{ name: 'by_provider', script: PROVIDER_HEALTH_BY_PROVIDER_TICK }], SEED_KEYS);
    const straight = await applyAll(runtime(), records);
    const quiet = runtime({ forwarded: [{ definition: byProvider!, topic: 'r' }] });
    quiet.quietUntil(60n);
    const below = await applyAll(quiet, records.slice(0, 60));
    expect(below.events).toEqual([]);
    expect(below.forwards).toEqual([]);
    const after = await applyAll(quiet, records.slice(60));
    // The state after the quiet records is the straight run's: the rest gives the same events and ids.
    expect(below.quietEvents + after.events.length).toBe(straight.events.length);
    expect(after.events).toEqual(straight.events.slice(below.quietEvents));
    expect(after.forwards).toHaveLength(points.length - 60 * 3);
  });

  it('skips records below the offset it expects, which were applied already', async () => {
    const target = runtime();
    const first = await applyAll(target, records.slice(0, 50));
    const again = await applyAll(target, records.slice(40, 60));
    expect(again.skippedMessages).toBe(10);
    const straight = await applyAll(runtime(), records.slice(0, 60));
    expect([...first.events, ...again.events].map((event) => event.eventId)).toEqual(straight.events.map((event) => event.eventId));
  });

  it('checkpoints every task, encoding only those that changed, and says what it restored', async () => {
    const [seed] = seedTasks();
    const other = defineTasks([{ name: 'cpu_only', script: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|stateCount(lambda: "v" > 1)` }], SEED_KEYS)[0]!;
    const target = runtime({ tasks: [seed!, other] });
    const step = await applyAll(target, records.slice(0, 10));
    expect(Object.keys(step.write.fields).sort()).toEqual(['format', 'task:cpu_only', 'task:provider_health']);
    const idle = await applyAll(target, [{ offset: '10', value: Buffer.from('mem v=1 1'), headers: {}, timestampMs: 0 }]);
    expect(idle.write.fields['task:provider_health']).toBe(step.write.fields['task:provider_health']);
    expect(step.checkpointBytes).toBeGreaterThan(100);
    const restored = runtime({ tasks: [seed!] }).restore({ offset: '10', fields: { ...step.write.fields, 'task:gone': '{}' } });
    expect(restored).toEqual({ offset: 10n, restored: ['provider_health'], failed: [], unknown: ['task:cpu_only', 'task:gone'] });
  });

  it('starts a task empty when its saved state belongs to another script', async () => {
    const step = await applyAll(runtime(), records.slice(0, 30));
    const changed = defineTasks([{ name: 'provider_health', script: PROVIDER_HEALTH_BY_PROVIDER_TICK.replace('.stateChangesOnly()', '') }], SEED_KEYS)[0]!;
    const restored = new PartitionRuntime({ topic: 'points', partition: 3, tasks: [changed], now: () => 0n, log: () => undefined });
    const report = restored.restore({ offset: step.offset.toString(), fields: step.write.fields });
    // Same node names and types, so the snapshot fits structurally; a different pipeline shape fails.
    expect(report.failed).toEqual([]);
    const reshaped = defineTasks([{ name: 'provider_health', script: `dbrp "vigil"."autogen"\nstream|from().measurement('performance_influx')|log()` }], SEED_KEYS)[0]!;
    const second = new PartitionRuntime({ topic: 'points', partition: 3, tasks: [reshaped], now: () => 0n, log: () => undefined });
    const failed = second.restore({ offset: step.offset.toString(), fields: step.write.fields });
    expect(failed.failed).toHaveLength(1);
    expect(failed.failed[0]!.reason).toMatch(/another script/);
    expect(second.offset).toBe(step.offset);
  });

  it('attributes events to the point inside a multi-line record', async () => {
    const single = await applyAll(runtime(), lineRecords(points, 1));
    const multi = await applyAll(runtime(), lineRecords(points, 4));
    expect(json(multi.events)).toEqual(json(single.events));
    expect(new Set(multi.events.map((event) => event.eventId)).size).toBe(multi.events.length);
  });

  it('counts lines that are not points and applies the rest', async () => {
    const bad: InputMessage = { offset: '0', value: Buffer.from('performance_influx,nome_recurso=r,nome_provedor=p sucesso=1i 1\nnot a point\n'), headers: {}, timestampMs: 0 };
    const result = await applyAll(runtime(), [bad]);
    expect(result.points).toBe(1);
    expect(result.undecodable).toBe(1);
    expect(result.firstUndecodable?.offset).toBe(0n);
  });
});

describe('PartitionRuntime repartitioning', () => {
  const [byProvider] = defineTasks([{ name: 'by_provider', script: PROVIDER_HEALTH_BY_PROVIDER_TICK }], SEED_KEYS);
  const points = providerPoints(200, 3, 4, 11);

  it('forwards the points of a repartitioned task keyed by its group, with their source position', async () => {
    const source = runtime({ tasks: [], forwarded: [{ definition: byProvider!, topic: 'vigil.repartition.by_provider' }] });
    const result = await applyAll(source, lineRecords(points, 2, 100n));
    expect(result.events).toEqual([]);
    expect(result.forwards).toHaveLength(200);
    expect(result.forwards[0]).toMatchObject({
      topic: 'vigil.repartition.by_provider',
      key: `nome_provedor=${points[0]!.tags['nome_provedor']}`,
      headers: { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen', [POINT_HEADERS.source]: 'points:3:100:0' },
    });
    expect(result.forwards[3]!.headers[POINT_HEADERS.source]).toBe('points:3:101:1');
  });

  it('applies each forwarded point once even when the source sends it again', async () => {
    const source = runtime({ tasks: [], forwarded: [{ definition: byProvider!, topic: 'r' }] });
    const forwards = (await applyAll(source, lineRecords(points, 1))).forwards;
    const asRecords = (list: typeof forwards, first: number): InputMessage[] =>
      list.map((record, i) => ({ offset: String(first + i), value: Buffer.from(record.value), headers: record.headers, timestampMs: 0 }));
    // The source crashed after forwarding 120 points and forwarded from point 80 again.
    const topic = [...forwards.slice(0, 120), ...forwards.slice(80)];
    const target = new PartitionRuntime({ topic: 'r', partition: 0, tasks: [byProvider!], dedupBySource: true, now: () => 0n, log: () => undefined });
    const store = new InMemoryCheckpointStore();
    const partition = { topic: 'r', partition: 0 };
    const firstHalf = await applySaved(target, store, partition, asRecords(topic.slice(0, 150), 0));
    const restored = new PartitionRuntime({ topic: 'r', partition: 0, tasks: [byProvider!], dedupBySource: true, now: () => 0n, log: () => undefined });
    await restoreFrom(restored, store, partition);
    const secondHalf = await applySaved(restored, store, partition, asRecords(topic.slice(150), 150));
    expect(firstHalf.repeats + secondHalf.repeats).toBe(40);
    const expected = replayEvents(byProvider!, points).map((event) => encodeAlertEvent(event));
    expect(json([...firstHalf.events, ...secondHalf.events])).toEqual(expected);
  });
});

describe('PartitionRuntime ticks', () => {
  it('runs deadman on the clock and checkpoints the task', async () => {
    const [deadman] = defineTasks([{ name: 'quiet', script: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|deadman(1.0, 10s).post('http://x')` }], SEED_KEYS);
    const target = new PartitionRuntime({ topic: 'points', partition: 0, tasks: [deadman!], now: () => 0n, log: () => undefined });
    await applyAll(target, [{ offset: '5', value: Buffer.from('cpu,host=a v=1 1000000000'), headers: {}, timestampMs: 0 }]);
    const second = 1_000_000_000n;
    expect(target.tick(0n).events).toEqual([]);
    const quiet = target.tick(10n * second);
    expect(quiet.events).toHaveLength(0);
    const fired = target.tick(20n * second);
    expect(fired.events.map(({ event }) => event.level)).toEqual(['CRITICAL']);
    expect(Object.keys(fired.write.fields)).toContain('task:quiet');
    expect(fired.offset).toBe(6n);
  });

  it('ticks a barrier task too: an idle barrier flushes the quiet host window, and the alert fires from the tick', async () => {
    const script = `dbrp "vigil"."autogen"
stream|from().measurement('cpu').groupBy('host')|barrier().idle(5s)|window().period(10s).every(10s)|count('v')|alert().crit(lambda: "count" == 0).post('http://x')`;
    const [task] = defineTasks([{ name: 'idle', script }], SEED_KEYS);
    const second = 1_000_000_000n;
    let clock = 0n;
    const target = new PartitionRuntime({ topic: 'points', partition: 0, tasks: [task!], now: () => clock, log: () => undefined });
    clock = 1n * second;
    await applyAll(target, [{ offset: '5', value: Buffer.from('cpu,host=a v=1 1000000000'), headers: {}, timestampMs: 0 }]);
    // Barriers at 6 (no window due), 11 (the window of [1, 11) holds the point), 16 and 21 (empty window).
    expect(target.tick(12n * second).events).toEqual([]);
    const fired = target.tick(22n * second);
    expect(fired.events.map(({ event }) => [event.level, event.time])).toEqual([['CRITICAL', 21n * second]]);
    expect(Object.keys(fired.write.fields)).toContain('task:idle');
  });

  it('closes every node of its tasks when the host drops it, and those of a task a failed restore replaces', async () => {
    const closed: string[] = [];
    const registry = new NodeRegistry(ENGINE_NODES.map((registration) => ({ ...registration, factory: (node, context) => Object.assign(registration.factory(node, context), { close: () => void closed.push(node.name) }) })));
    const target = runtime({ registry });
    const nodes = seedTasks().flatMap((task) => task.pipeline.nodes.map((node) => node.name));
    const [first] = seedTasks();
    // A task whose saved state does not fit is replaced by an empty one: the one dropped is closed.
    target.restore({ offset: '0', fields: { [taskField(first!.name)]: 'not a snapshot' } }, new Map());
    expect(closed).toEqual(first!.pipeline.nodes.map((node) => node.name));
    closed.length = 0;
    target.close();
    expect(closed).toEqual(nodes);
  });
});
