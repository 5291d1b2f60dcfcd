import { waitFor } from '@vigil/testing';
import type { RecordingReceiver } from './recording-receiver';

/**
 * Where a chaos run stands, for faults that wait for a moment of the stream: a share of the
 * write requests acknowledged, or a share of the expected notifications delivered.
 */
export class RunProgress {
  private acknowledged = 0;

  constructor(
    readonly batches: number,
    readonly expected: number,
    private readonly receiver: RecordingReceiver,
  ) {}

  /** The writer's callback: batches acknowledged so far. */
  readonly onAcknowledged = (count: number): void => {
    this.acknowledged = count;
  };

  /** Write requests answered 2xx so far. */
  written(): number {
    return this.acknowledged;
  }

  /** Resolves once `share` (0..1) of the write requests were answered 2xx. */
  async untilWritten(share: number, timeoutMs = 600_000): Promise<void> {
    const target = Math.ceil(share * this.batches);
    await waitFor(() => this.acknowledged >= target, { timeoutMs, intervalMs: 20, what: `${target} of ${this.batches} write requests acknowledged` });
  }

  /** Resolves once the receiver holds `share` (0..1) of the expected count in deliveries. */
  async untilDelivered(share: number, timeoutMs = 600_000): Promise<void> {
    const target = Math.ceil(share * this.expected);
    await waitFor(() => this.receiver.deliveries().length >= target, { timeoutMs, intervalMs: 20, what: `${target} of ${this.expected} notifications delivered` });
  }
}

/** The points of `kill` of `kills` faults spread evenly over a run: 1/(n+1), 2/(n+1), ... */
export function spread(kill: number, kills: number): number {
  return kill / (kills + 1);
}
