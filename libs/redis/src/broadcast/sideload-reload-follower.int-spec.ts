import { createLogger } from '@vigil/observability';
import type { SideloadReloadMessage } from '@vigil/topic-contract';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { redisUrl, uniqueName, waitFor } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisBroadcast } from './redis-broadcast';
import { followSideloadReload, readSideloadReloadGeneration, sendSideloadReload } from './sideload-reload-follower';

const logger = createLogger({ service: 'sideload-reload-int-spec', level: 'error' });
const CONNECTION = uniqueName('vigil-sideload-reload-int-spec');

/** The id of this spec's one subscribed connection (the follower's copy of CONNECTION). */
async function subscriberIdOf(redis: Redis): Promise<string> {
  const clients = String(await redis.client('LIST', 'TYPE', 'PUBSUB'))
    .split('\n')
    .filter((line) => line.includes(` name=${CONNECTION} `));
  expect(clients).toHaveLength(1);
  return /(?:^|\s)id=(\d+)/.exec(clients[0] ?? '')?.[1] ?? '';
}

describe('sideload reload broadcast against a real Redis', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: CONNECTION });
  });

  afterAll(async () => {
    const keys = await redis.keys('vigil.sideload-reload-generation:vigil-test-alerts*');
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
  });

  it("reaches every evaluator following the deployment's channel, skips a message that breaks the contract, and no other deployment", async () => {
    const alertsTopic = uniqueName('vigil-test-alerts');
    const heard: [SideloadReloadMessage[], SideloadReloadMessage[]] = [[], []];
    const followers = await Promise.all(heard.map((messages) => followSideloadReload(redis, alertsTopic, logger, (message) => messages.push(message))));
    const other: SideloadReloadMessage[] = [];
    const otherFollower = await followSideloadReload(redis, `${alertsTopic}.other`, logger, (message) => other.push(message));
    await new RedisBroadcast(redis, `vigil.sideload-reload:${alertsTopic}`).publish('{"id": 3}');
    expect(await sendSideloadReload(redis, alertsTopic, 'r1')).toBe(2);
    await waitFor(() => heard.every((messages) => messages.length === 1) || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'the request at both evaluators' });
    expect(heard).toEqual([[{ id: 'r1', generation: 1 }], [{ id: 'r1', generation: 1 }]]);
    expect(other).toEqual([]);
    await Promise.all([...followers, otherFollower].map((follower) => follower.stop()));
    // A stopped evaluator hears nothing; ingest is told that nobody heard.
    expect(await sendSideloadReload(redis, alertsTopic, 'r2')).toBe(0);
    expect(await readSideloadReloadGeneration(redis, alertsTopic)).toBe(2);
  });

  it('catches up a reload published while its subscriber was reconnecting, once, and not one made before it started', async () => {
    const alertsTopic = uniqueName('vigil-test-alerts');
    await sendSideloadReload(redis, alertsTopic, 'before-start');
    const heard: SideloadReloadMessage[] = [];
    // No periodic check within the test: only the resubscription can catch the reload up.
    const follower = await followSideloadReload(redis, alertsTopic, logger, (message) => heard.push(message), 600_000);
    // ioredis waits at least 50 ms before reconnecting; the reload is sent at once.
    await redis.client('KILL', 'ID', await subscriberIdOf(redis));
    expect(await sendSideloadReload(redis, alertsTopic, 'during-outage')).toBe(0);
    await waitFor(() => heard.length > 0 || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'the missed reload caught up' });
    expect(heard).toEqual([{ id: 'missed reloads up to generation 2', generation: 2 }]);
    await follower.stop();
  });

  it('catches up, at its periodic check, a generation raised without a message it heard', async () => {
    const alertsTopic = uniqueName('vigil-test-alerts');
    const heard: SideloadReloadMessage[] = [];
    const follower = await followSideloadReload(redis, alertsTopic, logger, (message) => heard.push(message), 50);
    await redis.incrby(`vigil.sideload-reload-generation:${alertsTopic}`, 3);
    await waitFor(() => heard.length > 0 || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'the periodic check' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([{ id: 'missed reloads up to generation 3', generation: 3 }]);
    await follower.stop();
  });
});
