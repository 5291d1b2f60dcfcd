import { createLogger } from '@vigil/observability';
import { redisUrl, uniqueName } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisCheckpointStore } from './redis-checkpoint.store';

const logger = createLogger({ service: 'redis-checkpoint-int-spec', level: 'warn' });

describe('RedisCheckpointStore against a real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('vigil-test');
  const partition = { topic: 'vigil.points', partition: 4 };

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-redis-checkpoint-int-spec' });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
  });

  it('loads nothing for a partition never saved', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'empty' });
    expect(await store.load(partition)).toBeUndefined();
  });

  it('replaces the whole checkpoint atomically and reads it back', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'g1' });
    await store.prepare();
    expect(await store.save(partition, '10', { 'task:a': '{"x":1}', format: 'v1' })).toEqual({ saved: true });
    expect(await store.save(partition, '25', { 'task:b': '{"y":2}', format: 'v1' })).toEqual({ saved: true });
    expect(await store.load(partition)).toEqual({ offset: '25', fields: { 'task:b': '{"y":2}', format: 'v1' } });
    expect(await redis.hget(store.keyOf(partition), 'offset')).toBe('25');
    expect(store.keyOf(partition)).toBe(`${prefix}:checkpoint:g1:vigil.points:4`);
  });

  it('refuses to move the offset backwards and keeps the newer state', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'g2' });
    await store.save(partition, '100', { s: 'new' });
    expect(await store.save(partition, '99', { s: 'old' })).toEqual({ saved: false, storedOffset: '100' });
    // Longer decimal strings are larger: 1000 > 999 although "1000" < "999" as text.
    expect(await store.save(partition, '1000', { s: 'newer' })).toEqual({ saved: true });
    expect(await store.save(partition, '999', { s: 'stale' })).toEqual({ saved: false, storedOffset: '1000' });
    expect(await store.save(partition, '1000', { s: 'same offset, same state' })).toEqual({ saved: true });
    expect(await store.load(partition)).toEqual({ offset: '1000', fields: { s: 'same offset, same state' } });
  });

  it('keeps groups and prefixes apart', async () => {
    const a = new RedisCheckpointStore(redis, { prefix, groupId: 'ga' });
    const b = new RedisCheckpointStore(redis, { prefix, groupId: 'gb' });
    await a.save(partition, '5', { s: 'a' });
    expect(await b.load(partition)).toBeUndefined();
    expect(await new RedisCheckpointStore(redis, { prefix: `${prefix}-other`, groupId: 'ga' }).load(partition)).toBeUndefined();
  });

  it('stores large states in one round trip', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'big' });
    const big = 'x'.repeat(2_000_000);
    expect(await store.save(partition, '1', { 'task:big': big })).toEqual({ saved: true });
    expect((await store.load(partition))?.fields['task:big']).toHaveLength(2_000_000);
  });

  it('refuses a field named like the offset', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'bad' });
    await expect(store.save(partition, '1', { offset: '7' })).rejects.toThrow(/may not be named offset/);
  });
});
