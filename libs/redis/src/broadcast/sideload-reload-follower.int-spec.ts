import { createLogger } from '@vigil/observability';
import type { SideloadReloadMessage } from '@vigil/topic-contract';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { redisUrl, uniqueName, waitFor } from '@vigil/testing';
import { connectRedis, quitRedis, type Redis } from '../redis-client.factory';
import { RedisBroadcast } from './redis-broadcast';
import { followSideloadReload, sendSideloadReload } from './sideload-reload-follower';

const logger = createLogger({ service: 'sideload-reload-int-spec', level: 'error' });

describe('sideload reload broadcast against a real Redis', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'vigil-sideload-reload-int-spec' });
  });

  afterAll(() => quitRedis(redis));

  it("reaches every evaluator following the deployment's channel, skips a message that breaks the contract, and no other deployment", async () => {
    const alertsTopic = uniqueName('vigil-test-alerts');
    const heard: [SideloadReloadMessage[], SideloadReloadMessage[]] = [[], []];
    const followers = await Promise.all(heard.map((messages) => followSideloadReload(redis, alertsTopic, logger, (message) => messages.push(message))));
    const other: SideloadReloadMessage[] = [];
    const otherFollower = await followSideloadReload(redis, `${alertsTopic}.other`, logger, (message) => other.push(message));
    await new RedisBroadcast(redis, `vigil.sideload-reload:${alertsTopic}`).publish('{"id": 3}');
    expect(await sendSideloadReload(redis, alertsTopic, { id: 'r1' })).toBe(2);
    await waitFor(() => heard.every((messages) => messages.length === 1) || undefined, { timeoutMs: 5_000, intervalMs: 20, what: 'the request at both evaluators' });
    expect(heard).toEqual([[{ id: 'r1' }], [{ id: 'r1' }]]);
    expect(other).toEqual([]);
    await Promise.all([...followers, otherFollower].map((follower) => follower.stop()));
    // A stopped evaluator hears nothing; ingest is told that nobody heard.
    expect(await sendSideloadReload(redis, alertsTopic, { id: 'r2' })).toBe(0);
  });
});
