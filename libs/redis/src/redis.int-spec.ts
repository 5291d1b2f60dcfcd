import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { redisUrl, uniqueName } from '@vigil/testing';
import { connectRedis, isRedisReady, quitRedis, type Redis } from './redis-client.factory';
import { LuaScript } from './lua-script';

const logger = createLogger({ service: 'redis-int-spec', level: 'warn' });

describe('@vigil/redis against a real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('vigil-test');
  // Appends a value to a list and returns the list's new length and its first element, in one
  // atomic step: enough to show keys and arguments reach the script and the reply comes back.
  // The unique comment gives the script a SHA1 this server has never seen, so the first call
  // must go through the NOSCRIPT fallback (without flushing the scripts of anyone else).
  const PUSH_AND_PEEK = new LuaScript(
    'push-and-peek',
    `-- ${prefix}
     local length = redis.call('RPUSH', KEYS[1], ARGV[1])
     return { length, redis.call('LINDEX', KEYS[1], 0) }`,
    1,
  );

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-redis-int-spec' });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
  });

  it('is ready after connecting', () => {
    expect(isRedisReady(redis)).toBe(true);
  });

  it('runs a Lua script with keys and arguments, loading it on NOSCRIPT', async () => {
    const key = `${prefix}:list`;
    expect(await redis.script('EXISTS', PUSH_AND_PEEK.sha1)).toEqual([0]);
    expect(await PUSH_AND_PEEK.run(redis, [key], ['first'])).toEqual([1, 'first']);
    // The second call goes straight through EVALSHA, the script being cached by then.
    expect(await PUSH_AND_PEEK.run(redis, [key], ['second'])).toEqual([2, 'first']);
    expect(await redis.lrange(key, 0, -1)).toEqual(['first', 'second']);
    expect(await redis.script('EXISTS', PUSH_AND_PEEK.sha1)).toEqual([1]);
  });

  it('rejects a call with the wrong number of keys before contacting Redis', async () => {
    await expect(PUSH_AND_PEEK.run(redis, [], ['x'])).rejects.toThrow(/takes 1 keys, got 0/);
  });

  it('passes script errors through', async () => {
    const broken = new LuaScript('broken', `return redis.call('NOSUCHCOMMAND')`, 0);
    await expect(broken.run(redis, [])).rejects.toThrow(/Unknown Redis command|unknown command/i);
  });

  it('quits cleanly and reports not ready afterwards', async () => {
    const second = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-redis-int-spec-2' });
    await quitRedis(second);
    expect(isRedisReady(second)).toBe(false);
    expect(second.status).toBe('end');
  });
});
