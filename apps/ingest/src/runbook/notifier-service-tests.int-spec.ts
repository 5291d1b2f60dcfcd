import { ServiceTestsUnavailable } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisRequestQueue, type Redis } from '@vigil/redis';
import { redisUrl, uniqueName } from '@vigil/testing';
import { decodeServiceTestRequest, serviceTestQueueKeys } from '@vigil/topic-contract';
import { NotifierServiceTests } from './notifier-service-tests';

const logger = createLogger({ service: 'notifier-service-tests-int-spec', level: 'warn' });

/** Ingest's service tests against a real Redis, with a stand-in notifier answering the queue as the notifier's responder does. */
describe('NotifierServiceTests', () => {
  let redis: Redis;
  const topic = uniqueName('vigil-test-topic-handlers');

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'notifier-service-tests-int-spec' });
  });
  afterAll(async () => {
    await quitRedis(redis);
  });

  it("answers with what a notifier lists and runs, and names the queue when none answers", async () => {
    const tests = new NotifierServiceTests(() => redis, topic, 1_000);
    const asked: string[] = [];
    const notifier = new RedisRequestQueue(redis, serviceTestQueueKeys(topic)).serve(async (text) => {
      const request = decodeServiceTestRequest(text);
      asked.push(request.op === 'list' ? 'list' : `${request.name} ${JSON.stringify(request.options)}`);
      if (request.op === 'list') return JSON.stringify({ services: [{ name: 'httppost', options: { url: '' } }] });
      return JSON.stringify({ outcome: request.name === 'httppost' ? { success: false, message: 'no URL' } : null });
    }, () => undefined);
    try {
      expect(await tests.list()).toEqual([{ name: 'httppost', options: { url: '' } }]);
      expect(await tests.run('httppost', { url: 'http://x' })).toEqual({ success: false, message: 'no URL' });
      expect(await tests.run('nope', null)).toBeUndefined();
    } finally {
      await notifier.stop();
    }
    expect(asked).toEqual(['list', 'httppost {"url":"http://x"}', 'nope null']);

    const error = await tests.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceTestsUnavailable);
    expect((error as Error).message).toBe(
      `no notifier answered within 1000 ms: service tests run in a notifier (it holds the handlers and their secrets), which takes them from the Redis list vigil.service-tests:${topic}:requests; check that a notifier runs with the same REDIS_URL and TOPIC_HANDLERS_TOPIC as this ingest`,
    );
    expect(await redis.llen(serviceTestQueueKeys(topic).requests)).toBe(0);
  });

  it('says a notifier took the request when one popped it but did not answer in time', async () => {
    const notifier = redis.duplicate();
    try {
      const [error, popped] = await Promise.all([new NotifierServiceTests(() => redis, topic, 500).list().catch((caught: unknown) => caught), notifier.blpop(serviceTestQueueKeys(topic).requests, 5)]);
      expect(popped?.[1]).toMatch(/\n\{"op":"list"\}$/);
      expect(error).toBeInstanceOf(ServiceTestsUnavailable);
      expect((error as Error).message).toBe(
        `a notifier took the request from the Redis list vigil.service-tests:${topic}:requests but did not answer within 500 ms; a test may still send its notification (SERVICE_TEST_TIMEOUT_MS)`,
      );
    } finally {
      notifier.disconnect();
    }
  });

  it('says Redis is not connected yet before ingest connected it', async () => {
    await expect(new NotifierServiceTests(() => undefined, topic, 1_000).list()).rejects.toThrow('ingest is not connected to Redis yet');
  });
});
