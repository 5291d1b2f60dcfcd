import { createEngineRegistry } from '@vigil/tick-engine';
import { defineTasks, MessageDecoder, PartitionRuntime, POINT_HEADERS, SERIES_PARTITION_KEYS, summedStatistics, TaskStatisticsBook, TASK_STATISTICS_FRESH_MS, taskStatisticsKeyPrefix } from '@vigil/evaluation';
import { createKafka, kafkaClusterId } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisTaskStatistics, type Redis } from '@vigil/redis';
import { kafkaBrokers, redisUrl, uniqueName } from '@vigil/testing';
import { evaluatorServerInfo } from '../server-info/evaluator-server-info';
import { TaskStatisticsPublisher } from './task-statistics-publisher';

const logger = createLogger({ service: 'task-statistics-int-spec', level: 'warn' });
const decoder = new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' });
const SCRIPT = `dbrp "vigil"."autogen"
stream|from().measurement('cpu').groupBy('host')|alert().id('{{ .ServerInfo.ClusterID }}|{{ .ServerInfo.ServerID }}|{{ index .Tags "host" }}').crit(lambda: "v" > 1).topic('t')`;

/** One evaluator as far as ids and statistics go: its own Kafka client, registry, book and publisher. */
async function evaluator(port: number, store: RedisTaskStatistics) {
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('vigil-server-info'), logger });
  const serverInfo = evaluatorServerInfo(await kafkaClusterId(kafka), undefined, port);
  const book = new TaskStatisticsBook();
  const runtime = new PartitionRuntime({ topic: 'points', partition: port, tasks: defineTasks([{ name: 'cpu', script: SCRIPT }], SERIES_PARTITION_KEYS), now: () => 0n, log: () => undefined, registry: createEngineRegistry({ serverInfo }), statistics: book });
  const publisher = new TaskStatisticsPublisher({ store, book, serverId: serverInfo.serverID, intervalMs: 1000, nowMs: Date.now, logger });
  const write = async (lines: string) =>
    runtime.apply(await decoder.decodeAll([{ offset: '0', value: Buffer.from(lines), headers: { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen' }, timestampMs: 0 }]));
  return { serverInfo, write, publisher };
}

describe('cluster and server ids, and published statistics, against real Kafka and Redis', () => {
  let redis: Redis;
  const tasksTopic = uniqueName('vigil.tasks');

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'task-statistics-int-spec' });
  });

  afterAll(async () => {
    await redis.del(`${taskStatisticsKeyPrefix(tasksTopic)}:cpu`);
    await quitRedis(redis);
  });

  it('gives two evaluators the same ClusterID and each its own ServerID in alert templates, and sums what both publish', async () => {
    const store = new RedisTaskStatistics(redis, taskStatisticsKeyPrefix(tasksTopic));
    const a = await evaluator(18087, store);
    const b = await evaluator(18088, store);
    const aEvents = (await a.write('cpu,host=h1 v=2 1\ncpu,host=h1 v=3 2')).events;
    const bEvents = (await b.write('cpu,host=h2 v=5 1')).events;
    const ids = [...aEvents, ...bEvents].map(({ event }) => event.id.split('|'));
    expect(ids).toEqual([
      [a.serverInfo.clusterID, a.serverInfo.serverID, 'h1'],
      [a.serverInfo.clusterID, a.serverInfo.serverID, 'h1'],
      [a.serverInfo.clusterID, b.serverInfo.serverID, 'h2'],
    ]);
    expect(a.serverInfo.clusterID).toBe(b.serverInfo.clusterID);
    expect(a.serverInfo.clusterID).not.toBe('');
    expect(a.serverInfo.serverID).not.toBe(b.serverInfo.serverID);

    await a.publisher.publish();
    await b.publisher.publish();
    const records = await store.read('cpu');
    expect(Object.keys(records).sort()).toEqual([a.serverInfo.serverID, b.serverInfo.serverID].sort());
    const summed = summedStatistics(Object.values(records), Date.now(), TASK_STATISTICS_FRESH_MS);
    expect(summed?.map((node) => [node.node, node.collected, node.emitted])).toEqual([
      ['stream0', 3, 3],
      ['from1', 3, 3],
      ['alert2', 3, 0],
    ]);
    expect(summed?.find((node) => node.node === 'alert2')?.alerts).toEqual({ triggered: 3, inhibited: 0, ok: 0, info: 0, warning: 0, critical: 3 });
    // Figures older than TASK_STATISTICS_FRESH_MS no longer count.
    expect(summedStatistics(Object.values(records), Date.now() + TASK_STATISTICS_FRESH_MS + 1_000, TASK_STATISTICS_FRESH_MS)).toBeUndefined();
    expect(await redis.pttl(`${taskStatisticsKeyPrefix(tasksTopic)}:cpu`)).toBeGreaterThan(0);
  });
});
