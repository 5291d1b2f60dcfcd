import type { Redis } from '../redis-client.factory';

/**
 * What each evaluator publishes about each task for ingest's task API: one hash per task, a
 * field per evaluator (its ServerID) holding the evaluator's record, text that the library of
 * the record encodes and validates (the node statistics' TaskStatisticsRecord, the httpOut
 * rows' HttpOutRecord of @vigil/evaluation). Each publish rewrites the evaluator's field and
 * pushes the key's expiry on, so a task no evaluator runs any more disappears. One key per
 * command, so it works on a Redis Cluster too.
 */
export class RedisTaskRecords {
  constructor(
    private readonly redis: Redis,
    /** Key prefix, shared by the evaluators that publish and the ingest that reads (per kind of record). */
    private readonly prefix: string,
  ) {}

  keyOf(task: string): string {
    return `${this.prefix}:${task}`;
  }

  /** Writes this evaluator's record of each task; a key lives `expireMs` after its last publish. */
  async publish(server: string, records: ReadonlyMap<string, string>, expireMs: number): Promise<void> {
    await Promise.all([...records].map(([task, record]) => this.redis.multi().hset(this.keyOf(task), server, record).pexpire(this.keyOf(task), expireMs).exec()));
  }

  /** Every evaluator's record of the task, by ServerID. */
  async read(task: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keyOf(task));
  }
}
