import { RedisRequestQueue, type Redis } from '@vigil/redis';
import { setTimeout as sleep } from 'node:timers/promises';
import { busyWaitingOf, encodeEvaluatorRunRequest, REPLAY_TAKEN, replayQueueKeys, runLeaseKey, type EvaluatorRunRequest, type LeasedRun } from '@vigil/topic-contract';

/** A replay no evaluator took: ingest answers 503 with this text. */
export class ReplaysUnavailableError extends Error {
  override readonly name: string = 'ReplaysUnavailableError';
}

/**
 * A run no evaluator took (none answered, all busy, ingest not connected to Redis): nothing runs
 * it, so its record is removed rather than written failed, and asking again with the same id is
 * safe, as a 503 should promise.
 */
export class RunNotTakenError extends ReplaysUnavailableError {
  override readonly name = 'RunNotTakenError';
}

/** How long ingest waits before asking again after an evaluator answered busy. */
const BUSY_RETRY_MS = 200;
/**
 * How long ingest looks for the run's lease after an evaluator popped the request without
 * answering in time: an evaluator sets the lease before it answers taken, so one that took the
 * run holds it by then (a stalled event loop aside).
 */
const LEASE_GRACE_MS = 2_000;
const LEASE_POLL_MS = 100;

/**
 * Hands a replay to one evaluator of the deployment: ingest loads no engine and should not spend
 * the CPU of the writes it serves on a replay, so it pushes the request on the Redis queue named
 * after TASKS_TOPIC, which every evaluator of the deployment serves, and waits only until one
 * has taken it (RedisRequestQueue; a request nobody took in time is taken back, so none runs it
 * later). One an evaluator popped just as the wait ended counts as taken once that evaluator holds
 * the run's lease; without it (the evaluator answered busy too late, or Redis refused its lease)
 * nothing runs it and it is asked again. The evaluator records how the replay ended in the replays topic itself.
 * An evaluator holding as many runs waiting as it takes answers busy: the request is asked again
 * (another evaluator may take it) until the take timeout, then refused as `replays busy`.
 */
export class EvaluatorReplayQueue {
  constructor(
    private readonly redis: () => Redis | undefined,
    private readonly tasksTopic: string,
    private readonly timeoutMs: number,
  ) {}

  /** Hands a replay, or (`record batch`, `record query`) a recording to make. */
  async hand(request: EvaluatorRunRequest): Promise<void> {
    const what = request.kind === 'record' ? 'recording' : 'replay';
    const redis = this.redis();
    if (redis === undefined) throw new RunNotTakenError(`${what}s run in an evaluator, asked through Redis, and ingest is not connected to Redis yet`);
    const keys = replayQueueKeys(this.tasksTopic);
    const queue = new RedisRequestQueue(redis, keys);
    const text = encodeEvaluatorRunRequest(request);
    const lease = request.kind === 'record' ? runLeaseKey(this.tasksTopic, 'recording', request.recording.id) : runLeaseKey(this.tasksTopic, 'replay', request.replay.id);
    let unconfirmed = false;
    const deadline = Date.now() + this.timeoutMs;
    let busy: number | undefined;
    for (let left = this.timeoutMs; left > 0; left = deadline - Date.now()) {
      const asked = await queue.ask(text, left);
      if (asked.kind === 'answered' && asked.answer === REPLAY_TAKEN) return;
      if (asked.kind === 'taken') {
        // Popped by an evaluator just after the wait ended: it runs the run if it holds its lease; otherwise none does, so ask again.
        if (await leaseAppears(redis, lease)) return;
        unconfirmed = true;
        continue;
      }
      if (asked.kind === 'not-taken' && busy === undefined) {
        throw new RunNotTakenError(
          `no evaluator took the ${what} within ${this.timeoutMs} ms${unconfirmed ? ` (one popped it but held no lease on it ${LEASE_GRACE_MS} ms later, so it does not run it)` : ''}: ` +
            `${what}s run in an evaluator, which takes them from the Redis list ${keys.requests}; ` +
            'check that an evaluator runs with the same REDIS_URL and TASKS_TOPIC as this ingest',
        );
      }
      if (asked.kind === 'answered') {
        busy = busyWaitingOf(asked.answer);
        if (busy === undefined) throw new RunNotTakenError(`an evaluator answered the ${what} with ${JSON.stringify(asked.answer)} instead of taking it`);
      }
      await sleep(Math.min(BUSY_RETRY_MS, Math.max(0, deadline - Date.now())));
    }
    if (busy === undefined) throw new RunNotTakenError(`no evaluator took the ${what} within ${this.timeoutMs} ms: one popped it but held no lease on it ${LEASE_GRACE_MS} ms later, so it does not run it`);
    throw new RunNotTakenError(`replays busy: ${busy} waiting on the evaluator that answered last, and no evaluator took the ${what} within ${this.timeoutMs} ms; ask again once some have run`);
  }

  /** Whether an evaluator holds the lease of each run (EXISTS, one key a command); undefined while ingest is not connected to Redis. */
  async leasesHeld(runs: readonly { readonly run: LeasedRun; readonly id: string }[]): Promise<boolean[] | undefined> {
    const redis = this.redis();
    if (redis === undefined || redis.status !== 'ready') return undefined;
    return Promise.all(runs.map(async ({ run, id }) => (await redis.exists(runLeaseKey(this.tasksTopic, run, id))) === 1));
  }
}

/** Whether the run's lease is set within LEASE_GRACE_MS (EXISTS every LEASE_POLL_MS). */
async function leaseAppears(redis: Redis, key: string): Promise<boolean> {
  for (const until = Date.now() + LEASE_GRACE_MS; ; await sleep(LEASE_POLL_MS)) {
    if ((await redis.exists(key)) === 1) return true;
    if (Date.now() >= until) return false;
  }
}
