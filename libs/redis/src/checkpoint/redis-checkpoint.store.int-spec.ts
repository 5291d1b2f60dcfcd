import { createLogger } from '@vigil/observability';
import { checkpointStoreConformance, redisUrl, uniqueName } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisCheckpointStore } from './redis-checkpoint.store';

const logger = createLogger({ service: 'redis-checkpoint-int-spec', level: 'warn' });

describe('RedisCheckpointStore against a real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('vigil-test');
  const partition = { topic: 'vigil.points', partition: 4 };
  let groups = 0;

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-redis-checkpoint-int-spec' });
  });

  afterAll(async () => {
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
  });

  // A group id per test; a reopen is a new store over the same keys, as after a restart.
  checkpointStoreConformance('RedisCheckpointStore', async () => {
    const groupId = `conformance-${(groups += 1)}`;
    return { store: new RedisCheckpointStore(redis, { prefix, groupId }), partition, reopen: async () => new RedisCheckpointStore(redis, { prefix, groupId }) };
  });

  it('keeps every key of a partition on one hash tag, so the atomic save stays on one Cluster slot', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'g1' });
    await store.prepare();
    await store.save(partition, '10', { fields: { format: 'v2' }, sections: new Map([['groups:t', { replace: false, set: new Map([['host=a', '{}']]), delete: [] }]]) });
    expect(store.keyOf(partition)).toBe(`{${prefix}:checkpoint:g1:vigil.points:4}`);
    expect(await redis.hget(store.keyOf(partition), 'offset')).toBe('10');
    expect(await redis.hget(`{${prefix}:checkpoint:g1:vigil.points:4}:groups:t`, 'host=a')).toBe('{}');
  });

  it('loads a checkpoint of the old layout and moves it to the new one with its next save', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'old' });
    const oldKey = `${prefix}:checkpoint:old:vigil.points:4`;
    await redis.hset(oldKey, 'offset', '40', 'format', 'vigil.partition-checkpoint.v1', 'task:t', '{"whole":true}');
    expect(await store.load(partition)).toEqual({ offset: '40', fields: { format: 'vigil.partition-checkpoint.v1', 'task:t': '{"whole":true}' } });
    expect((await store.readEntries(partition, 'groups:t', ['host=a'])).offset).toBe('40');
    const groups = new Map([['groups:t', { replace: true, set: new Map([['host=a', '{"seq":0}']]), delete: [] }]]);
    expect(await store.save(partition, '41', { fields: { format: 'v2', 'task:t': '{}' }, sections: groups, base: '39' })).toEqual({ saved: false, storedOffset: '40' });
    expect(await store.save(partition, '41', { fields: { format: 'v2', 'task:t': '{}' }, sections: groups, base: '40' })).toEqual({ saved: true });
    expect(await redis.exists(oldKey)).toBe(0);
    expect(await store.load(partition)).toEqual({ offset: '41', fields: { format: 'v2', 'task:t': '{}' } });
    expect((await store.readEntries(partition, 'groups:t', ['host=a'])).entries.get('host=a')).toBe('{"seq":0}');
  });

  it('writes a save of 30,000 changed groups in one script call', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'big' });
    const set = new Map<string, string>();
    for (let i = 0; i < 30_000; i++) set.set(`host=h${i}`, `{"seq":${i}}`);
    expect(await store.save(partition, '1', { fields: { 'task:t': '{}' }, sections: new Map([['groups:t', { replace: false, set, delete: [] }]]) })).toEqual({ saved: true });
    expect(await redis.hlen(store.sectionKeyOf(partition, 'groups:t'))).toBe(30_000);
  });

  it('refuses a field named like the offset', async () => {
    const store = new RedisCheckpointStore(redis, { prefix, groupId: 'bad' });
    await expect(store.save(partition, '1', { fields: { offset: '7' } })).rejects.toThrow(/may not be named offset/);
  });
});
