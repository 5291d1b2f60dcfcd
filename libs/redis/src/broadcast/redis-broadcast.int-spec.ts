import { createLogger } from '@vigil/observability';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { redisUrl, uniqueName, waitFor } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisBroadcast } from './redis-broadcast';

const logger = createLogger({ service: 'redis-broadcast-int-spec', level: 'warn' });

describe('RedisBroadcast against a real Redis', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-broadcast-int-spec' });
  });

  afterAll(() => quitRedis(redis));

  it('hands each message to every subscriber of its channel, in order, and none after stop', async () => {
    const channel = uniqueName('vigil-test-broadcast');
    const broadcast = new RedisBroadcast(redis, channel);
    const heard: [string[], string[]] = [[], []];
    const errors: unknown[] = [];
    const [first, second] = await Promise.all(heard.map((messages) => broadcast.subscribe((message) => messages.push(message), (error) => errors.push(error))));
    // Another channel's messages are not heard.
    await new RedisBroadcast(redis, `${channel}.other`).publish('elsewhere');
    expect(await broadcast.publish('one')).toBe(2);
    expect(await broadcast.publish('two')).toBe(2);
    await waitFor(() => heard.every((messages) => messages.length === 2) || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'both messages at both subscribers' });
    expect(heard).toEqual([
      ['one', 'two'],
      ['one', 'two'],
    ]);
    await first?.stop();
    expect(await broadcast.publish('three')).toBe(1);
    await waitFor(() => heard[1].length === 3 || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'the third message at the second subscriber' });
    expect(heard[0]).toEqual(['one', 'two']);
    await second?.stop();
    expect(await broadcast.publish('four')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps listening after a listener throws, and reports the error', async () => {
    const broadcast = new RedisBroadcast(redis, uniqueName('vigil-test-broadcast'));
    const heard: string[] = [];
    const errors: unknown[] = [];
    const subscription = await broadcast.subscribe((message) => {
      if (message === 'bad') throw new Error('cannot take bad');
      heard.push(message);
    }, (error) => errors.push(error));
    await broadcast.publish('bad');
    await broadcast.publish('good');
    await waitFor(() => heard.length === 1 || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'the good message' });
    await subscription.stop();
    expect(heard).toEqual(['good']);
    expect(errors.map((error) => (error as Error).message)).toEqual(['cannot take bad']);
  });
});
