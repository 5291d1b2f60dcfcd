import { declareRemoteUdfSignatures, mergedUdfSignatures, UDF_SIGNATURES_FRESH_MS, udfSignaturesKey, type UdfSignature } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { RedisServerRecords, type Redis } from '@vigil/redis';

/** Makes the given functions those this process compiles tasks against (declareRemoteUdfSignatures). */
export type DeclareUdfSignatures = (signatures: Readonly<Record<string, UdfSignature>>) => void;

/**
 * The user-defined functions of the distributed mode as ingest knows them: those the evaluators
 * declared (UDF_CONFIG_FILE) and published to Redis (UdfSignaturesPublisher). Ingest never starts
 * an agent: the functions' agents run in the evaluators only.
 *
 * A task change is checked against the functions of the evaluators that run now (read just
 * before, `checking`): with none publishing a function, a task using it is refused naming it.
 * Between changes the process declares every function read since it started (newest signature
 * of a name wins), read again every few seconds: `kapacitor show` and `list` compile the stored
 * tasks too, and a task accepted once must still show while its evaluators restart. Until Redis
 * is connected, or while it cannot be read, the functions last read stay.
 */
export class EvaluatorUdfSignatures {
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private live: Readonly<Record<string, UdfSignature>> = {};
  private seen: Readonly<Record<string, UdfSignature>> = {};

  constructor(
    private readonly redis: () => Redis | undefined,
    /** TASKS_TOPIC, which names the deployment's hash for its evaluators and ingest alike. */
    private readonly tasksTopic: string,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
    private readonly declare: DeclareUdfSignatures = declareRemoteUdfSignatures,
  ) {}

  /** Reads the evaluators' functions now (once Redis is connected) and every third of their freshness. */
  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), UDF_SIGNATURES_FRESH_MS / 3);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Runs `check` (synchronous) with only the functions the evaluators that run now declare, read just before. */
  async checking(check: () => void): Promise<void> {
    await this.refresh();
    this.declare(this.live);
    try {
      check();
    } finally {
      this.declare(this.seen);
    }
  }

  /** Reads what the evaluators published; resolves whether or not Redis answered. */
  async refresh(): Promise<void> {
    const redis = this.redis();
    if (redis === undefined) return;
    try {
      const records = await new RedisServerRecords(redis, udfSignaturesKey(this.tasksTopic)).read();
      this.live = mergedUdfSignatures(Object.values(records), this.nowMs(), UDF_SIGNATURES_FRESH_MS);
      this.seen = { ...this.seen, ...this.live };
      this.declare(this.seen);
      if (this.failing) this.logger.info({ topic: this.tasksTopic }, "the evaluators' UDFs are read from Redis again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error, topic: this.tasksTopic }, "the evaluators' UDFs could not be read from Redis; tasks are checked against those read last");
      this.failing = true;
    }
  }
}
