import { declareRemoteUdfSignatures, mergedUdfSignatures, UDF_SIGNATURES_FRESH_MS, udfSignaturesKey, type UdfSignature } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { RedisServerRecords, type Redis } from '@vigil/redis';

/** Makes the given functions those this process compiles tasks against (declareRemoteUdfSignatures). */
export type DeclareUdfSignatures = (signatures: Readonly<Record<string, UdfSignature>>) => void;

/**
 * The user-defined functions of the distributed mode as ingest knows them: those the evaluators
 * that run now declared (UDF_CONFIG_FILE) and published to Redis (UdfSignaturesPublisher), read
 * and declared in this process before each task change and every few seconds (for `kapacitor
 * show` and `list`, which compile tasks too). Ingest never starts an agent: the functions' agents
 * run in the evaluators only. Until Redis is connected, or while it cannot be read, the functions
 * last read stay declared; with no evaluator publishing, none is, and a task using `@name()` is
 * refused naming the function.
 */
export class EvaluatorUdfSignatures {
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly redis: () => Redis | undefined,
    /** TASKS_TOPIC, which names the deployment's hash for its evaluators and ingest alike. */
    private readonly tasksTopic: string,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
    private readonly declare: DeclareUdfSignatures = declareRemoteUdfSignatures,
  ) {}

  /** Reads the evaluators' functions again every third of their freshness. */
  start(): void {
    this.timer = setInterval(() => void this.refresh(), UDF_SIGNATURES_FRESH_MS / 3);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Declares the functions the live evaluators published; resolves whether or not Redis answered. */
  async refresh(): Promise<void> {
    const redis = this.redis();
    if (redis === undefined) return;
    try {
      const records = await new RedisServerRecords(redis, udfSignaturesKey(this.tasksTopic)).read();
      this.declare(mergedUdfSignatures(Object.values(records), this.nowMs(), UDF_SIGNATURES_FRESH_MS));
      if (this.failing) this.logger.info({ topic: this.tasksTopic }, "the evaluators' UDFs are read from Redis again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error, topic: this.tasksTopic }, "the evaluators' UDFs could not be read from Redis; tasks are checked against those read last");
      this.failing = true;
    }
  }
}
