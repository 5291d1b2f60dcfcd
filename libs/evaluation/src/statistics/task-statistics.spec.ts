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
  return { node: name, type: name.replace(/\d+$/, ''), collected: 0, emitted: 0, processed: 0, errors: 0, avgExecTimeNs: 0, ...figures };
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
    const a = [node('stream0', { collected: 3, emitted: 3, processed: 3, avgExecTimeNs: 50 }), node('alert1', { collected: 3, errors: 1, alerts: { triggered: 2, inhibited: 1, ok: 0, info: 0, warning: 1, critical: 1 } })];
    const b = [node('stream0', { collected: 4, emitted: 4, processed: 4, avgExecTimeNs: 20 }), node('alert1', { collected: 4, alerts: { triggered: 1, inhibited: 0, ok: 1, info: 0, warning: 0, critical: 0 } })];
    const other = [node('stream0', { collected: 100 }), { ...node('alert1'), type: 'log' }];
    expect(sumNodeStatistics([a, b, other])).toEqual([
      node('stream0', { collected: 7, emitted: 7, processed: 7, avgExecTimeNs: 50 }),
      node('alert1', { collected: 7, errors: 1, alerts: { triggered: 3, inhibited: 1, ok: 1, info: 0, warning: 1, critical: 1 } }),
    ]);
  });
});

describe('task statistics record', () => {
  it('reads what it writes and names what is wrong in a bad record', () => {
    const record = { atMs: 5, nodes: [node('stream0', { collected: 2 }), node('alert1', { alerts: { triggered: 1, inhibited: 0, ok: 0, info: 0, warning: 0, critical: 1 } })] };
    expect(decodeTaskStatisticsRecord(encodeTaskStatisticsRecord(record))).toEqual(record);
    expect(() => decodeTaskStatisticsRecord('{"atMs":1,"nodes":[{"node":"a","type":"b","collected":-1}]}')).toThrow('task statistics record: nodes[0].collected must be a number of 0 or more');
    expect(() => decodeTaskStatisticsRecord('nope')).toThrow('task statistics record: not JSON');
  });
});
