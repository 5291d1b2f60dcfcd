import { createLogger } from '@vigil/observability';
import { deliveryLedgerConformance, redisUrl, uniqueName } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisDeliveryLedger } from './redis-delivery-ledger';

const logger = createLogger({ service: 'redis-delivery-ledger-int-spec', level: 'warn' });

// The notifier's connection auto-pipelines (a burst's checks and marks share writes): the ledger
// must behave the same on it.
describe.each([false, true])('RedisDeliveryLedger against a real Redis (autoPipelining %s)', (autoPipelining) => {
  let redis: Redis;
  const keyPrefix = `${uniqueName('vigil-test')}:`;
  let ledger: RedisDeliveryLedger;

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-redis-delivery-ledger-int-spec', autoPipelining });
    ledger = new RedisDeliveryLedger({ redis, keyPrefix, ttlSeconds: 3_600 });
    await ledger.prepare();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
  });

  // Each test its own prefix; a reopen is a new ledger over the same keys, as after a restart.
  let ledgers = 0;
  deliveryLedgerConformance('RedisDeliveryLedger', async () => {
    const prefix = `${keyPrefix}conformance-${(ledgers += 1)}:`;
    return { ledger: new RedisDeliveryLedger({ redis, keyPrefix: prefix }), reopen: async () => new RedisDeliveryLedger({ redis, keyPrefix: prefix }) };
  });

  it('stores a delivered pair under <prefix>delivery:<eventId>:<handlerKey> with the TTL', async () => {
    await ledger.markDelivered('e1', '0:post');
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    expect(await ledger.settlement('e1', '1:slack')).toBeUndefined();
    const key = `${keyPrefix}delivery:e1:0:post`;
    expect(ledger.keyOf('e1', '0:post')).toBe(key);
    expect(await redis.get(key)).toBe('delivered');
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
  });

  it('uses a 7 day TTL by default', async () => {
    const defaults = new RedisDeliveryLedger({ redis, keyPrefix });
    await defaults.markDead('e-default', '0:log');
    const ttl = await redis.ttl(defaults.keyOf('e-default', '0:log'));
    expect(ttl).toBeGreaterThan(7 * 24 * 3_600 - 100);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3_600);
  });

  it('lets only one of two racing replays take a dead pair', async () => {
    await ledger.markDead('e5', '0:post');
    const taken = await Promise.all([ledger.takeDead('e5', '0:post'), ledger.takeDead('e5', '0:post')]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    // A cleared pair can die again on the replayed attempt.
    await ledger.markDead('e5', '0:post');
    expect(await ledger.settlement('e5', '0:post')).toBe('dead');
  });

  it('rejects a value it did not write', async () => {
    await redis.set(ledger.keyOf('e6', '0:post'), 'maybe');
    await expect(ledger.settlement('e6', '0:post')).rejects.toThrow(/holds "maybe"/);
  });

  it('rejects a TTL that is not a positive integer', () => {
    expect(() => new RedisDeliveryLedger({ redis, keyPrefix, ttlSeconds: 0 })).toThrow(/positive integer/);
  });
});
