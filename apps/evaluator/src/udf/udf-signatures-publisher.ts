import { encodeUdfSignaturesRecord } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { AdvisoryPublishLoop } from '../statistics/advisory-publish-loop';
import type { RedisServerRecords } from '@vigil/redis';
import type { UdfSignature } from '@vigil/tick-lang';

export interface UdfSignaturesPublisherOptions {
  readonly store: RedisServerRecords;
  /** The functions this evaluator declared at boot (UDF_CONFIG_FILE and each function's Info). */
  readonly functions: Readonly<Record<string, UdfSignature>>;
  /** This evaluator's ServerID: its field in the hash. */
  readonly serverId: string;
  readonly intervalMs: number;
  /** Wall clock in ms: when the record was published, which ingest compares with its own. */
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/**
 * Publishes the user-defined functions this evaluator declared, at start and then every interval,
 * so that ingest checks a task using `@name()` against the functions of the evaluators that run
 * now (docs/tick-nodes.md, "User-defined functions"): ingest never starts an agent to ask for
 * Info itself. An evaluator that declares none publishes nothing. A failed publish is logged once
 * until one succeeds again; the next interval sends the record whole.
 */
export class UdfSignaturesPublisher {
  private readonly loop: AdvisoryPublishLoop;

  constructor(private readonly options: UdfSignaturesPublisherOptions) {
    const { store, functions, serverId, intervalMs, nowMs, logger } = options;
    this.loop = new AdvisoryPublishLoop(
      {
        intervalMs,
        serverId,
        logger,
        againMessage: 'UDF signatures published again',
        failedMessage: 'the declared UDFs could not be published to Redis; ingest refuses tasks using them until they are',
        failedFields: { functions: Object.keys(functions) },
      },
      // The hash outlives a few missed publishes, and goes once no evaluator publishes.
      () => store.publish(serverId, encodeUdfSignaturesRecord({ atMs: nowMs(), functions }), intervalMs * 6),
    );
  }

  /** Publishes once now and then every interval; does nothing when no function is declared. */
  start(): void {
    if (Object.keys(this.options.functions).length === 0) return;
    this.loop.start(true);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Publishes once now. Resolves whether or not Redis took it. */
  publish(): Promise<void> {
    return this.loop.publish();
  }
}
