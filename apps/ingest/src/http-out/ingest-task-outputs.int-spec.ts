import { defineTasks, encodeHttpOutRecord, HttpOutResults, httpOutKeyPrefix, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import type { KapacitorTask } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisTaskRecords, type Redis } from '@vigil/redis';
import { redisUrl, uniqueName } from '@vigil/testing';
import type { Message } from '@vigil/tick-engine';
import { IngestTaskOutputs } from './ingest-task-outputs';

const logger = createLogger({ service: 'ingest-task-outputs-int-spec', level: 'warn' });
const SCRIPT = `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|httpOut('last')`;
const DEFINITIONS = defineTasks([{ name: 'cpu', script: SCRIPT }], SERIES_PARTITION_KEYS);

function point(host: string, usage: number): Message {
  return {
    kind: 'point',
    point: { database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host }, fields: { usage }, time: 1_000_000_000n },
    group: `host=${host}`,
    groupTags: { host },
    dimensions: { by: ['host'], byMeasurement: false, exclude: [] },
  };
}

/**
 * Ingest's reader over two evaluators' records in the real Redis (written as their publishers
 * write them): the merged rows of an enabled task, the newest of a group both hold, and nothing
 * for a disabled task or an endpoint no record lists.
 */
describe('IngestTaskOutputs over the records evaluators write to Redis', () => {
  let redis: Redis;
  const tasksTopic = uniqueName('vigil.tasks');

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'ingest-task-outputs-int-spec' });
  });

  afterAll(async () => {
    await redis.del(`${httpOutKeyPrefix(tasksTopic)}:cpu`);
    await quitRedis(redis);
  });

  it("merges both evaluators' rows in first-seen order, the newest row of a shared group winning", async () => {
    const clock = { ms: 1_000 };
    const store = new RedisTaskRecords(redis, httpOutKeyPrefix(tasksTopic));
    const evaluator = (serverId: string) => {
      const results = new HttpOutResults(() => clock.ms++);
      results.retain(DEFINITIONS);
      const publish = () => store.publish(serverId, new Map([...results.rows()].map(([task, endpoints]) => [task, encodeHttpOutRecord(clock.ms, endpoints).text])), 60_000);
      return { results, publish };
    };
    const one = evaluator('one');
    const two = evaluator('two');
    one.results.publish('cpu', 'last', 'host=a', point('a', 1));
    two.results.publish('cpu', 'last', 'host=b', point('b', 2));
    one.results.publish('cpu', 'last', 'host=c', point('c', 3));
    // c moved to the second evaluator, which has a newer row of it.
    two.results.publish('cpu', 'last', 'host=c', point('c', 4));
    await one.publish();
    await two.publish();

    const tasks = new Map<string, KapacitorTask>([['cpu', { name: 'cpu', script: SCRIPT, status: 'enabled' }]]);
    const outputs = new IngestTaskOutputs(() => redis, tasksTopic, { get: (name) => tasks.get(name) }, () => clock.ms);
    const answer = JSON.parse((await outputs.output('cpu', 'last')) ?? 'null') as { series: { tags: { host: string }; values: [string, number][] }[] };
    expect(answer.series.map((row) => `${row.tags.host}=${row.values[0]?.[1]}`)).toEqual(['a=1', 'b=2', 'c=4']);
    expect(await outputs.output('cpu', 'other')).toBeUndefined();

    tasks.set('cpu', { name: 'cpu', script: SCRIPT, status: 'disabled' });
    expect(await outputs.output('cpu', 'last')).toBeUndefined();
    expect(await new IngestTaskOutputs(() => undefined, tasksTopic, { get: () => undefined }).output('cpu', 'last')).toBeUndefined();
  });
});
