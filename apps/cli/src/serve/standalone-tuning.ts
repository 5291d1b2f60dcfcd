import type { RetryPolicy } from '@vigil/delivery';
import type { GroupPolicy } from '@vigil/evaluation';

/** The knobs of the standalone process; defaults match the distributed services' defaults. */
export interface StandaloneTuning {
  readonly maxBodyBytes: number;
  readonly retryAfterSeconds: number;
  readonly remoteWrite: { readonly database: string; readonly retentionPolicy: string };
  /** Point-log records per evaluation step (and checkpoint). */
  readonly evaluatorBatchRecords: number;
  /**
   * Point-log value bytes per evaluation step. Each step ends in two fsyncs (events, checkpoint),
   * which cost more than evaluating a few thousand points, so steps are larger than the
   * distributed evaluator's 1 MiB fetches: 1 MiB gave 37k points/s with the seed task, 8 MiB 130k.
   */
  readonly evaluatorBatchBytes: number;
  /**
   * Point-log value bytes kept in memory, as parsed points, between their write and their
   * evaluation while the evaluation loop keeps up (HandoverPointLog): beyond it, or once the loop
   * fell behind, it reads and parses the file.
   */
  readonly handoverBytes: number;
  /**
   * Least time between two evaluation steps unless a whole step's worth of records waits: a
   * trickle of small writes shares one step's fsync and checkpoint transaction. An event may
   * therefore be written up to this much later than its point arrived.
   */
  readonly stepIntervalMs: number;
  readonly tickIntervalMs: number;
  /**
   * Groups in memory, expiry and the group limit, as the evaluator's EVALUATOR_GROUP_IDLE_BATCHES,
   * EVALUATOR_GROUP_EXPIRY and EVALUATOR_MAX_GROUPS_PER_TASK (same defaults): idle groups leave
   * memory for the state database and come back with the step of their next point.
   */
  readonly groups: GroupPolicy;
  /** The most records a rebuild of a lost state database reads back; undefined: from the point log start. */
  readonly rebuildMaxRecords: bigint | undefined;
  readonly notifierBatchRecords: number;
  readonly maxPending: number;
  /**
   * Sends in flight in all, as the notifier's DELIVERY_MAX_IN_FLIGHT (same default); to one
   * origin the scheduler's DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN (32) applies, as the notifier's
   * default. A send holds its slots until its ledger mark, so a SIGKILL repeats at most 32
   * deliveries to one receiver and 64 in all.
   */
  readonly maxInFlight: number;
  readonly retryPolicy: RetryPolicy;
  readonly stopGraceMs: number;
  /** Least time between two saves of the notifier position while events settle. */
  readonly positionSaveIntervalMs: number;
  /** Wait after a disk failure before a step or delivery record is tried again. */
  readonly retryDelayMs: number;
  /**
   * Liveness fails once writes to the data folder have failed (a full disk) for this long without
   * a break, so that an orchestrator restarts a server that does not recover; 0: never.
   */
  readonly failingLiveMs: number;
  readonly retentionIntervalMs: number;
  /**
   * Point-log bytes kept behind the checkpoint for replays (`vigil replay --from-serve`): a
   * processed segment is deleted only once the segments after it hold this many; 0 keeps none.
   */
  readonly pointRetentionBytes: number;
}

export const STANDALONE_DEFAULTS: StandaloneTuning = {
  maxBodyBytes: 25 * 1024 * 1024,
  retryAfterSeconds: 5,
  remoteWrite: { database: 'prometheus', retentionPolicy: 'autogen' },
  evaluatorBatchRecords: 5_000,
  evaluatorBatchBytes: 8 * 1024 * 1024,
  handoverBytes: 8 * 1024 * 1024,
  stepIntervalMs: 1_000,
  tickIntervalMs: 1_000,
  groups: { idleBatches: 200, expire: false, maxGroups: 1_000_000 },
  rebuildMaxRecords: undefined,
  notifierBatchRecords: 500,
  maxPending: 10_000,
  maxInFlight: 64,
  retryPolicy: { maxAttempts: 12, maxAgeMs: 3_600_000, initialBackoffMs: 500, maxBackoffMs: 30_000 },
  stopGraceMs: 3_000,
  positionSaveIntervalMs: 200,
  retryDelayMs: 1_000,
  failingLiveMs: 600_000,
  retentionIntervalMs: 30_000,
  pointRetentionBytes: 0,
};
