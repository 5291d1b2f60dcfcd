import type { Redis } from '../redis-client.factory';
import { RedisRequestQueue } from './redis-request-queue';

/**
 * The order of events around the end of the asker's wait, which a real Redis cannot be made to
 * hit on cue (redis-request-queue.int-spec.ts covers the queue on a real one): the wait for the
 * answer ends empty, then LREM finds the request or not, then the answer is there or not.
 */
function askerRedis(removed: number, lateAnswer: string | null): { redis: Redis; calls: string[] } {
  const calls: string[] = [];
  const redis = {
    rpush: (key: string) => (calls.push(`rpush ${key}`), Promise.resolve(1)),
    lrem: (key: string) => (calls.push(`lrem ${key}`), Promise.resolve(removed)),
    lpop: (key: string) => (calls.push(`lpop ${key.replace(/[0-9a-f-]{36}$/, '<id>')}`), Promise.resolve(lateAnswer)),
    duplicate: () => ({ blpop: () => Promise.resolve(null), disconnect: () => undefined }),
  };
  return { redis: redis as unknown as Redis, calls };
}

const keys = { requests: 'q:requests', replyPrefix: 'q:reply:' };

describe('RedisRequestQueue.ask when no answer came in time', () => {
  it('is not-taken when LREM took the request back: no worker runs it', async () => {
    const { redis, calls } = askerRedis(1, null);
    expect(await new RedisRequestQueue(redis, keys).ask('r', 10)).toEqual({ kind: 'not-taken' });
    expect(calls).toEqual(['rpush q:requests', 'lrem q:requests']);
  });

  it('is taken when LREM found nothing: a worker popped it just after the wait ended', async () => {
    const { redis, calls } = askerRedis(0, null);
    expect(await new RedisRequestQueue(redis, keys).ask('r', 10)).toEqual({ kind: 'taken' });
    expect(calls).toEqual(['rpush q:requests', 'lrem q:requests', 'lpop q:reply:<id>']);
  });

  it('is the answer when the worker answered between the end of the wait and LREM', async () => {
    const { redis } = askerRedis(0, 'late answer');
    expect(await new RedisRequestQueue(redis, keys).ask('r', 10)).toEqual({ kind: 'answered', answer: 'late answer' });
  });
});
