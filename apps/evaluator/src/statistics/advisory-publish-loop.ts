import type { Logger } from '@vigil/observability';

export interface AdvisoryPublishLoopOptions {
  readonly intervalMs: number;
  /** This evaluator's ServerID, named in the log lines. */
  readonly serverId: string;
  readonly logger: Logger;
  /** The info line once a publish succeeds after failures. */
  readonly againMessage: string;
  /** The warn line when publishes start failing, with what it adds to the line's fields. */
  readonly failedMessage: string;
  readonly failedFields?: Readonly<Record<string, unknown>>;
}

/**
 * What every advisory publish of the evaluator to Redis shares (node statistics, httpOut rows,
 * UDF signatures): one publish every interval, never two at once, and a failure logged once
 * until a publish succeeds again, since the next interval sends the record whole.
 */
export class AdvisoryPublishLoop {
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly options: AdvisoryPublishLoopOptions,
    private readonly send: () => Promise<void>,
  ) {}

  /** Publishes every interval, and once now when `now` is set. */
  start(now = false): void {
    const publishOnce = (): void => {
      this.publishing ??= this.publish().finally(() => (this.publishing = undefined));
    };
    if (now) publishOnce();
    this.timer = setInterval(publishOnce, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.publishing;
  }

  /** Publishes once now. Resolves whether or not Redis took it. */
  async publish(): Promise<void> {
    const { serverId, logger } = this.options;
    try {
      await this.send();
      if (this.failing) logger.info({ server: serverId }, this.options.againMessage);
      this.failing = false;
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, server: serverId, ...this.options.failedFields }, this.options.failedMessage);
      this.failing = true;
    }
  }
}
