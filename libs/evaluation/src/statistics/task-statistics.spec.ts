import { createEngineRegistry, type NodeStatistics } from '@vigil/tick-engine';
import { POINT_HEADERS } from '@vigil/topic-contract';
import { MessageDecoder } from '../decode/message-decoder';
import { PartitionRuntime } from '../runtime/partition-runtime';
import { defineTasks } from '../tasks/task-definition';
import { lineRecords, providerPoints, SEED_KEYS, seedTasks } from '../testing/fixtures.test';
import { sumNodeStatistics } from './node-statistics-sum';
import { TaskStatisticsBook } from './task-statistics-book';
import { decodeTaskStatisticsRecord, encodeTaskStatisticsRecord } from './task-statistics-record';

const decoder = new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' });

function node(name: string, figures: Partial<NodeStatistics> = {}): NodeStatistics {
  return { node: name, type: name.replace(/\d+$/, ''), collected: 0, emitted: 0, processed: 0, errors: 0, avgExecTimeNs: 0, workingCardinality: 0, ...figures };
}

describe('TaskStatisticsBook', () => {
  it('counts a task on two partitions into one set, and keeps counting in a runtime made again', async () => {
    const book = new TaskStatisticsBook();
    const tasks = seedTasks();
    const points = providerPoints(60, 3, 2, 5);
    const runtimeOf = (partition: number) => new PartitionRuntime({ topic: 'points', partition, tasks, now: () => 0n, log: () => undefined, statistics: book });
    runtimeOf(0).apply(await decoder.decodeAll(lineRecords(points.slice(0, 40))));
    runtimeOf(1).apply(await decoder.decodeAll(lineRecords(points.slice(40))));
    // The definitions compiled again (a task change elsewhere) keep the counts.
    runtimeOf(0).apply(await decoder.decodeAll(lineRecords(points.slice(0, 5))));
    expect(book.nodes('provider_health')?.[0]).toMatchObject({ node: 'stream0', collected: 65 });
    expect(book.for(seedTasks()[0]!).nodes()[0]?.collected).toBe(65);
  });

  it('shows the groups each node holds, summed over the attached sources, and forgets a detached one', async () => {
    const book = new TaskStatisticsBook();
    const tasks = seedTasks();
    // 3 resources x 2 providers: six groups, the first 40 points on partition 0 and the rest on 1.
    const points = providerPoints(60, 3, 2, 5);
    const first = new PartitionRuntime({ topic: 'points', partition: 0, tasks, now: () => 0n, log: () => undefined, statistics: book });
    const second = new PartitionRuntime({ topic: 'points', partition: 1, tasks, now: () => 0n, log: () => undefined, statistics: book });
    first.apply(await decoder.decodeAll(lineRecords(points.slice(0, 40))));
    second.apply(await decoder.decodeAll(lineRecords(points.slice(54))));
    const groupsOf = () => Object.fromEntries((book.nodes('provider_health') ?? []).map((node) => [node.node, node.workingCardinality]));
    expect(groupsOf()).toEqual({ stream0: 0, from1: 0, state_count2: 0, alert3: 0 });
    book.attachGroups(() => first.groupCounts());
    const detach = book.attachGroups(() => second.groupCounts());
    const onFirst = first.groupCounts().get('provider_health') ?? [];
    const onSecond = second.groupCounts().get('provider_health') ?? [];
    expect(onFirst.slice(0, 2)).toEqual([0, 0]);
    expect(onFirst[2]).toBe(6);
    expect(onSecond[2]).toBeGreaterThan(0);
    expect(groupsOf()).toMatchObject({ stream0: 0, from1: 0, state_count2: 6 + (onSecond[2] ?? 0), alert3: (onFirst[3] ?? 0) + (onSecond[3] ?? 0) });
    expect(book.all().get('provider_health')?.[2]?.workingCardinality).toBe(6 + (onSecond[2] ?? 0));
    detach();
    expect(groupsOf()).toMatchObject({ state_count2: 6 });
  });

  it("counts in stream0 every point of the task's dbrps, as Kapacitor's stream node, though only cpu points reach the task", async () => {
    const book = new TaskStatisticsBook();
    const [task] = defineTasks([{ name: 'cpu', script: 'dbrp "vigil"."autogen"\nstream|from().measurement(\'cpu\')|log()' }], SEED_KEYS);
    const runtime = new PartitionRuntime({ topic: 'points', partition: 0, tasks: [task!], now: () => 0n, log: () => undefined, statistics: book });
    const record = (offset: number, line: string, database = 'vigil') => ({ offset: String(offset), value: Buffer.from(line), headers: { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: 'autogen' }, timestampMs: 0 });
    runtime.apply(await decoder.decodeAll([record(0, 'cpu v=1 1'), record(1, 'mem v=1 2'), record(2, 'cpu v=2 3'), record(3, 'cpu v=3 4', 'other'), record(4, 'disk v=1 5')]));
    const byNode = Object.fromEntries((book.nodes('cpu') ?? []).map((node) => [node.node, node]));
    // Four points of vigil.autogen reach stream0 and from1; from1 passes the two cpu points on.
    expect(byNode['stream0']).toMatchObject({ collected: 4, emitted: 4, processed: 4 });
    expect(byNode['from1']).toMatchObject({ collected: 4, emitted: 2, processed: 2 });
    expect(byNode['log2']).toMatchObject({ collected: 2 });
  });

  it('starts a changed task from zero and forgets tasks that no longer run', async () => {
    const book = new TaskStatisticsBook();
    const [task] = seedTasks();
    new PartitionRuntime({ topic: 'points', partition: 0, tasks: [task!], now: () => 0n, log: () => undefined, statistics: book }).apply(await decoder.decodeAll(lineRecords(providerPoints(10, 2, 2, 1))));
    const [changed] = defineTasks([{ name: 'provider_health', script: 'dbrp "vigil"."autogen"\nstream|from().measurement(\'x\')|log()' }], SEED_KEYS);
    expect(book.for(changed!).nodes()[0]?.collected).toBe(0);
    book.retain([]);
    expect(book.nodes('provider_health')).toBeUndefined();
  });

  it("gives the runtime's tasks the host's registry: alert templates see its ServerInfo", async () => {
    const [task] = defineTasks(
      [{ name: 'ids', script: 'dbrp "vigil"."autogen"\nstream|from().measurement(\'cpu\')|alert().id(\'{{ .ServerInfo.ClusterID }}/{{ .ServerInfo.ServerID }}\').crit(lambda: TRUE).topic(\'t\')' }],
      SEED_KEYS,
    );
    const registry = createEngineRegistry({ serverInfo: { clusterID: 'c-1', serverID: 's-1' } });
    const runtime = new PartitionRuntime({ topic: 'points', partition: 0, tasks: [task!], now: () => 0n, log: () => undefined, registry });
    const step = runtime.apply(await decoder.decodeAll([{ offset: '0', value: Buffer.from('cpu,host=a v=1 1'), headers: { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen' }, timestampMs: 0 }]));
    expect(step.events.map(({ event }) => event.id)).toEqual(['c-1/s-1']);
  });
});

describe('sumNodeStatistics', () => {
  it('adds counts node by node, keeps the highest execution time, and leaves out another version of the task', () => {
    const a = [node('stream0', { collected: 3, emitted: 3, processed: 3, avgExecTimeNs: 50 }), node('alert1', { collected: 3, errors: 1, workingCardinality: 2, alerts: { triggered: 2, inhibited: 1, ok: 0, info: 0, warning: 1, critical: 1 } })];
    const b = [node('stream0', { collected: 4, emitted: 4, processed: 4, avgExecTimeNs: 20 }), node('alert1', { collected: 4, workingCardinality: 3, alerts: { triggered: 1, inhibited: 0, ok: 1, info: 0, warning: 0, critical: 0 } })];
    const other = [node('stream0', { collected: 100 }), { ...node('alert1'), type: 'log' }];
    expect(sumNodeStatistics([a, b, other])).toEqual([
      node('stream0', { collected: 7, emitted: 7, processed: 7, avgExecTimeNs: 50 }),
      node('alert1', { collected: 7, errors: 1, workingCardinality: 5, alerts: { triggered: 3, inhibited: 1, ok: 1, info: 0, warning: 1, critical: 1 } }),
    ]);
  });
});

describe('task statistics record', () => {
  it('reads what it writes and names what is wrong in a bad record', () => {
    const record = { atMs: 5, nodes: [node('stream0', { collected: 2 }), node('alert1', { workingCardinality: 4, alerts: { triggered: 1, inhibited: 0, ok: 0, info: 0, warning: 0, critical: 1 } })] };
    expect(decodeTaskStatisticsRecord(encodeTaskStatisticsRecord(record))).toEqual(record);
    expect(() => decodeTaskStatisticsRecord('{"atMs":1,"nodes":[{"node":"a","type":"b","collected":-1}]}')).toThrow('task statistics record: nodes[0].collected must be a number of 0 or more');
    expect(() => decodeTaskStatisticsRecord('nope')).toThrow('task statistics record: not JSON');
    // An evaluator from before working_cardinality was published: its nodes show 0 groups.
    expect(decodeTaskStatisticsRecord('{"atMs":1,"nodes":[{"node":"a","type":"b","collected":1,"emitted":0,"processed":0,"errors":0,"avgExecTimeNs":0}]}').nodes[0]?.workingCardinality).toBe(0);
  });
});
