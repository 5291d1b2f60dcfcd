import { createLogger } from '@vigil/observability';
import { redisUrl, uniqueName } from '@vigil/testing';
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

  it('knows nothing of a pair never settled', async () => {
    expect(await ledger.settlement('e-none', '0:post')).toBeUndefined();
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

  it('never lets a dead mark overwrite a delivered one', async () => {
    await ledger.markDelivered('e2', '0:post');
    await ledger.markDead('e2', '0:post');
    expect(await ledger.settlement('e2', '0:post')).toBe('delivered');
  });

  it('lets a delivery overwrite a dead mark', async () => {
    await ledger.markDead('e3', '0:post');
    expect(await ledger.settlement('e3', '0:post')).toBe('dead');
    await ledger.markDelivered('e3', '0:post');
    expect(await ledger.settlement('e3', '0:post')).toBe('delivered');
  });

  it('clears a dead pair but never a delivered one', async () => {
    await ledger.markDead('e4', '0:post');
    await ledger.clearDead('e4', '0:post');
    expect(await ledger.settlement('e4', '0:post')).toBeUndefined();
    await ledger.markDelivered('e4', '1:post');
    await ledger.clearDead('e4', '1:post');
    expect(await ledger.settlement('e4', '1:post')).toBe('delivered');
    // Clearing a pair that is not there is a no-op, not an error.
    await ledger.clearDead('e4', '9:post');
    expect(await ledger.settlement('e4', '9:post')).toBeUndefined();
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

  it('settles every pair of many marks and checks issued at once', async () => {
    const pairs = Array.from({ length: 500 }, (_, i) => `burst-${i}`);
    await Promise.all(pairs.map((eventId, i) => (i % 5 === 0 ? ledger.markDead(eventId, '0:post') : ledger.markDelivered(eventId, '0:post'))));
    const settlements = await Promise.all(pairs.map((eventId) => ledger.settlement(eventId, '0:post')));
    expect(settlements.filter((settlement) => settlement === 'delivered')).toHaveLength(400);
    expect(settlements.filter((settlement) => settlement === 'dead')).toHaveLength(100);
  });

  it('rejects a TTL that is not a positive integer', () => {
    expect(() => new RedisDeliveryLedger({ redis, keyPrefix, ttlSeconds: 0 })).toThrow(/positive integer/);
  });
});
