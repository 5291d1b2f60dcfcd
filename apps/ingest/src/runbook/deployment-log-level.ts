import type { LogListener, LogTap } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { applyLogLevel, sendLogLevel, type Redis } from '@vigil/redis';
import { logLevelOf } from '@vigil/topic-contract';

/**
 * `kapacitor level` in the distributed mode: the level goes to every ingest, evaluator and
 * notifier of the deployment over Redis publish/subscribe (`followLogLevel` in each), and this
 * ingest's own logger changes before the answer, so the CLI's next request sees it. Kapacitor's
 * level lasts until its restart, and so does this one: a service started or restarted later
 * keeps its `LOG_LEVEL`, which is why the level is broadcast and not kept in a compacted topic.
 * Nothing changes when Redis cannot take the message: the request fails with 503 saying so.
 */
export class DeploymentLogLevel implements LogTap {
  constructor(
    private readonly tap: LogTap,
    /** The logger the tap taps, whose level changes. */
    private readonly logger: Logger,
    private readonly redis: () => Redis | undefined,
    private readonly alertsTopic: string,
  ) {}

  follow(listener: LogListener): () => void {
    return this.tap.follow(listener);
  }

  get level(): string {
    return this.tap.level;
  }

  async setLevel(name: string): Promise<void> {
    const level = logLevelOf(name);
    if (level === undefined) throw new Error(`invalid log level ${JSON.stringify(name)}`);
    const redis = this.redis();
    if (redis === undefined) throw new Error('ingest has no Redis connection yet: the log level was not changed; try again once ingest is ready');
    try {
      await sendLogLevel(redis, this.alertsTopic, level);
    } catch (error) {
      throw new Error(`the log level could not be sent to the deployment through Redis (${(error as Error).message}): nothing was changed`);
    }
    applyLogLevel(this.logger, level);
  }
}
