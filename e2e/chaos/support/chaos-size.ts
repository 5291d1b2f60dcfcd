/** How big a chaos run is: the stream, the number of faults, how long outages last. */
export interface ChaosSize {
  readonly name: ChaosSizeName;
  /** Provider-health groups are resources x providers. */
  readonly resources: number;
  readonly providers: number;
  readonly points: number;
  /** Lines per write request (Telegraf's metric_batch_size). */
  readonly linesPerBatch: number;
  /** Pause between two write requests, so the stream is still flowing when faults land. */
  readonly pauseMs: number;
  /** SIGKILLs in the kill scenarios. */
  readonly kills: number;
  /** Webhook outage: connections refused this long, then 500 this long. */
  readonly webhookDownMs: number;
  readonly webhookFailingMs: number;
  /** How long the Kafka broker stays down. */
  readonly brokerDownMs: number;
  /** How long the disk stays full. */
  readonly diskFullMs: number;
  /**
   * Bounds on a stalled run, so that it fails naming what stalled (with the services' last output)
   * instead of outliving its caller: how long the writer resends one batch before it gives up, and
   * how long the groups may take, in all, to settle once the stream is written. The ci ones keep
   * a stalled run within the CI spec's 5 minutes per scenario (about a minute of start-up, the
   * stream and its fault, then the settling).
   */
  readonly writeGiveUpMs: number;
  readonly settleTimeoutMs: number;
}

export type ChaosSizeName = 'ci' | 'small' | 'full';

/**
 * `full` is issue 11's bench (2,000 groups, 60k points, five kills, the webhook down 60 s then
 * failing 30 s); `small` is a quick look on a laptop; `ci` is the short variant the int spec runs
 * on two shared cores.
 */
export const CHAOS_SIZES: Readonly<Record<ChaosSizeName, ChaosSize>> = {
  ci: { name: 'ci', resources: 20, providers: 5, points: 2_000, linesPerBatch: 100, pauseMs: 400, kills: 2, webhookDownMs: 6_000, webhookFailingMs: 3_000, brokerDownMs: 12_000, diskFullMs: 5_000, writeGiveUpMs: 75_000, settleTimeoutMs: 100_000 },
  small: { name: 'small', resources: 60, providers: 5, points: 6_000, linesPerBatch: 200, pauseMs: 500, kills: 3, webhookDownMs: 15_000, webhookFailingMs: 8_000, brokerDownMs: 15_000, diskFullMs: 10_000, writeGiveUpMs: 180_000, settleTimeoutMs: 300_000 },
  full: { name: 'full', resources: 400, providers: 5, points: 60_000, linesPerBatch: 500, pauseMs: 500, kills: 5, webhookDownMs: 60_000, webhookFailingMs: 30_000, brokerDownMs: 15_000, diskFullMs: 30_000, writeGiveUpMs: 180_000, settleTimeoutMs: 600_000 },
};

export function chaosSize(name: string): ChaosSize {
  if (name === 'ci' || name === 'small' || name === 'full') return CHAOS_SIZES[name];
  throw new Error(`unknown size '${name}': one of ${Object.keys(CHAOS_SIZES).join(', ')}`);
}
