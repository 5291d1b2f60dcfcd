import { mergedUdfSignatures, UDF_SIGNATURES_FRESH_MS, udfSignaturesKey, type UdfSignature } from '@vigil/evaluation';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisServerRecords, type Redis } from '@vigil/redis';
import { redisUrl, uniqueName } from '@vigil/testing';
import { UdfSignaturesPublisher } from './udf-signatures-publisher';

const logger = createLogger({ service: 'udf-signatures-publisher-int-spec', level: 'silent' });
const MOVING_AVERAGE: UdfSignature = { wants: 'stream', provides: 'stream', options: { field: ['string'], size: ['int'], as: ['string'] } };
const T_TEST: UdfSignature = { wants: 'batch', provides: 'stream', options: { field: ['string'], alpha: ['float'] } };

describe("an evaluator's declared UDFs published to real Redis", () => {
  let redis: Redis;
  const tasksTopic = uniqueName('vigil.tasks');

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'udf-signatures-publisher-int-spec' });
  });

  afterAll(async () => {
    await redis.del(udfSignaturesKey(tasksTopic));
    await quitRedis(redis);
  });

  it("publishes at start, a field per evaluator that ingest merges, and the hash expires 6 intervals after the last publish; an evaluator without UDFs publishes nothing", async () => {
    const store = new RedisServerRecords(redis, udfSignaturesKey(tasksTopic));
    const publisher = (serverId: string, functions: Readonly<Record<string, UdfSignature>>) => new UdfSignaturesPublisher({ store, functions, serverId, intervalMs: 60_000, nowMs: Date.now, logger });
    const a = publisher('a:9090', { movingAverage: MOVING_AVERAGE });
    const b = publisher('b:9090', { tTest: T_TEST });
    const none = publisher('c:9090', {});
    for (const each of [a, b, none]) each.start();
    await Promise.all([a, b, none].map((each) => each.stop()));

    const records = await store.read();
    expect(Object.keys(records).sort()).toEqual(['a:9090', 'b:9090']);
    expect(mergedUdfSignatures(Object.values(records), Date.now(), UDF_SIGNATURES_FRESH_MS)).toEqual({ movingAverage: MOVING_AVERAGE, tTest: T_TEST });
    const ttl = await redis.pttl(store.key);
    expect(ttl).toBeGreaterThan(300_000);
    expect(ttl).toBeLessThanOrEqual(360_000);
  });
});
