import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisRequestQueue, type Redis } from '@vigil/redis';
import { redisUrl, uniqueName } from '@vigil/testing';
import { decodeReplayRequest, REPLAY_TAKEN, replayBusyAnswer, replayQueueKeys, runLeaseKey, type ReplayRequest } from '@vigil/topic-contract';
import { EvaluatorReplayQueue, ReplaysUnavailableError, RunNotTakenError } from './evaluator-replay-queue';

const logger = createLogger({ service: 'evaluator-replay-queue-int-spec', level: 'warn' });
const request: ReplayRequest = {
  replay: { id: 'rp1', task: 'cpu', recording: 'rec1', recordingTime: false, clock: 'fast', date: '2026-12-07T17:01:00.000Z', status: 'running', error: '', progress: 0 },
  recording: { id: 'rec1', type: 'stream', task: 'cpu', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' },
  replaysTopic: 'vigil.replays',
};

/** Ingest handing replays to evaluators over a real Redis, with raw BLPOPs standing in for the evaluators. */
describe('EvaluatorReplayQueue', () => {
  let redis: Redis;
  const tasksTopic = uniqueName('vigil-test-tasks');
  const keys = replayQueueKeys(tasksTopic);

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'evaluator-replay-queue-int-spec' });
  });
  afterAll(async () => {
    await quitRedis(redis);
  });

  it('counts a replay an evaluator popped without answering in time as taken once that evaluator holds its lease', async () => {
    const evaluator = redis.duplicate();
    const lease = runLeaseKey(tasksTopic, 'replay', 'rp1');
    try {
      // The evaluator sets the run's lease after its pop, as EvaluatorReplays.take does before answering.
      const popThenLease = evaluator.blpop(keys.requests, 5).then(async (popped) => (await evaluator.set(lease, 'evaluator-1', 'PX', 5_000), popped));
      const [handed, popped] = await Promise.all([new EvaluatorReplayQueue(() => redis, tasksTopic, 1_000).hand(request), popThenLease]);
      expect(handed).toBeUndefined();
      expect(decodeReplayRequest(popped![1].slice(popped![1].indexOf('\n') + 1))).toEqual(request);
    } finally {
      await redis.del(lease);
      evaluator.disconnect();
    }
  });

  it('does not count as taken a replay whose popping evaluator holds no lease on it (it answered busy too late, or Redis refused its lease): refused as not taken', async () => {
    const evaluator = redis.duplicate();
    try {
      // Pops the first request and drops it, as an evaluator whose lease Redis refused: nothing runs it.
      const [error, popped] = await Promise.all([new EvaluatorReplayQueue(() => redis, tasksTopic, 300).hand(request).catch((caught: unknown) => caught), evaluator.blpop(keys.requests, 5)]);
      expect(popped).not.toBeNull();
      expect(error).toBeInstanceOf(RunNotTakenError);
      expect((error as Error).message).toMatch(/^no evaluator took the replay within 300 ms: one popped it but held no lease on it 2000 ms later, so it does not run it/);
      // Asked again once, then taken back: nothing is left for an evaluator to run later.
      expect(await redis.llen(keys.requests)).toBe(0);
    } finally {
      evaluator.disconnect();
    }
  });

  it('refuses a replay nobody popped, taking it back so no evaluator runs it later', async () => {
    const error = await new EvaluatorReplayQueue(() => redis, tasksTopic, 100).hand(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReplaysUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^no evaluator took the replay within 100 ms: .* Redis list ${keys.requests.replace(/[.]/g, '\\.')};`));
    expect(await redis.llen(keys.requests)).toBe(0);
  });

  it('asks again while evaluators answer busy, and refuses the replay as busy when none took it in time', async () => {
    const busy = new RedisRequestQueue(redis, keys).serve(() => Promise.resolve(replayBusyAnswer(4)), () => undefined);
    try {
      const error = await new EvaluatorReplayQueue(() => redis, tasksTopic, 1_500).hand(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReplaysUnavailableError);
      expect((error as Error).message).toBe('replays busy: 4 waiting on the evaluator that answered last, and no evaluator took the replay within 1500 ms; ask again once some have run');
    } finally {
      await busy.stop();
    }
    expect(await redis.llen(keys.requests)).toBe(0);
  });

  it('hands a replay one evaluator answered busy to the next that takes it', async () => {
    const answers = [replayBusyAnswer(4), replayBusyAnswer(4), REPLAY_TAKEN];
    const asked: string[] = [];
    const evaluator = new RedisRequestQueue(redis, keys).serve((text) => {
      asked.push(text);
      return Promise.resolve(answers[asked.length - 1] ?? REPLAY_TAKEN);
    }, () => undefined);
    try {
      await new EvaluatorReplayQueue(() => redis, tasksTopic, 10_000).hand(request);
    } finally {
      await evaluator.stop();
    }
    expect(asked.map((text) => decodeReplayRequest(text).replay.id)).toEqual(['rp1', 'rp1', 'rp1']);
  });
});
