import type { Redis } from '../redis-client.factory';

/**
 * One hash where each process of a deployment keeps its own record, a field per process (its
 * ServerID): the evaluators' declared UDF signatures, for ingest. The record's text is encoded
 * and validated by the library that owns it. Each publish rewrites the process's field and pushes
 * the key's expiry on, so the hash goes once no process publishes; a reader tells a stopped
 * process's field by the time inside the record.
 */
export class RedisServerRecords {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {}

  /** Writes this process's record; the key lives `expireMs` after the last publish of any process. */
  async publish(server: string, record: string, expireMs: number): Promise<void> {
    await this.redis.multi().hset(this.key, server, record).pexpire(this.key, expireMs).exec();
  }

  /** Every process's record, by ServerID. */
  async read(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key);
  }
}
