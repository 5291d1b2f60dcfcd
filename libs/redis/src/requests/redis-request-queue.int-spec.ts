import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { redisUrl, uniqueName } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisRequestQueue } from './redis-request-queue';

const logger = createLogger({ service: 'redis-request-queue-int-spec', level: 'warn' });

describe('RedisRequestQueue against a real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('vigil-test-requests');
  const keys = { requests: `${prefix}:requests`, replyPrefix: `${prefix}:reply:` };

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-request-queue-int-spec' });
  });

  afterAll(async () => {
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
    await quitRedis(redis);
  });

  it('carries each request to one worker and its answer back to the asker', async () => {
    const queue = new RedisRequestQueue(redis, keys);
    const seen: string[] = [];
    const errors: unknown[] = [];
    const workers = [1, 2].map((worker) =>
      queue.serve(async (request) => {
        seen.push(request);
        return `${request} answered by ${worker}`;
      }, (error) => errors.push(error)),
    );
    const answers = await Promise.all(['a', 'b', 'c', 'd line\nwith a newline'].map((request) => queue.ask(request, 5_000)));
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(answers.map((asked) => (asked.kind === 'answered' ? asked.answer.replace(/ answered by [12]$/, '') : asked.kind))).toEqual(['a', 'b', 'c', 'd line\nwith a newline']);
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd line\nwith a newline']);
    expect(errors).toEqual([]);
    // Answers were popped, requests taken: nothing is left behind.
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('takes an unanswered request back, so a worker that starts later does not run it', async () => {
    const queue = new RedisRequestQueue(redis, keys);
    expect(await queue.ask('nobody listens', 50)).toEqual({ kind: 'not-taken' });
    expect(await redis.llen(keys.requests)).toBe(0);
  });

  it('says taken, not taken back, when a worker popped the request but did not answer in time', async () => {
    const queue = new RedisRequestQueue(redis, keys);
    const worker = redis.duplicate();
    try {
      // A worker that pops and never answers: LREM then finds nothing, as when one pops just after the wait ends.
      const [asked, popped] = await Promise.all([queue.ask('popped, never answered', 1_000), worker.blpop(keys.requests, 5)]);
      expect(popped?.[1]).toMatch(/\npopped, never answered$/);
      expect(asked).toEqual({ kind: 'taken' });
    } finally {
      worker.disconnect();
    }
  });

  it("keeps serving after an answer that throws; that request's asker gets no answer", async () => {
    const queue = new RedisRequestQueue(redis, keys);
    const errors: string[] = [];
    const worker = queue.serve(async (request) => {
      if (request === 'bad') throw new Error('cannot answer bad');
      return 'ok';
    }, (error) => errors.push((error as Error).message));
    expect(await queue.ask('bad', 1_500)).toEqual({ kind: 'taken' });
    expect(await queue.ask('good', 5_000)).toEqual({ kind: 'answered', answer: 'ok' });
    await worker.stop();
    expect(errors).toEqual(['cannot answer bad']);
  });
});
