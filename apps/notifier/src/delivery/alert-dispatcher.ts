import { OffsetWatermark, submitUntilSettled, type DeliveryClock, type PendingEvent } from '@vigil/delivery';
import { partitionKey, type ConsumedMessage, type FetchedBatch, type OffsetCommit, type TopicPartition } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { InvalidAlertRecordError, pendingEventOfRecord } from './alert-record';

/** What the dispatcher drives of its consumer (WatermarkConsumer; a fake in unit tests). */
export interface DispatcherConsumer {
  pause(tp: TopicPartition): void;
  resume(tp: TopicPartition): void;
  commit(offsets: readonly OffsetCommit[]): Promise<void>;
}

/** The part of DeliveryScheduler the dispatcher uses. */
export interface EventSubmitter {
  submit(pending: PendingEvent, signal: AbortSignal): Promise<void>;
}

export interface AlertDispatcherOptions {
  readonly consumer: DispatcherConsumer;
  readonly scheduler: EventSubmitter;
  readonly clock: DeliveryClock;
  readonly logger: Logger;
  /** Unsettled records past which a partition stops being fetched (backpressure). */
  readonly maxPending: number;
  /** First wait before an event whose delivery failed on the ledger or dead-letter sink is submitted again. */
  readonly infrastructureRetryMs: number;
  readonly infrastructureRetryMaxMs: number;
  /**
   * How long a revocation waits for the attempts in flight of the revoked partitions to end (each
   * is bounded by its handler's own timeout too), so their deliveries are recorded and committed
   * instead of repeated by the next owner.
   */
  readonly revokeGraceMs: number;
  /** Counts a record skipped because it breaks the alerts topic contract. */
  readonly invalidRecord?: (topic: string) => void;
}

/** One owned partition during one assignment: its commit position and its deliveries. */
interface OwnedPartition {
  readonly tp: TopicPartition;
  readonly watermark: OffsetWatermark;
  /**
   * One controller per event being delivered, aborted when the partition is revoked, with the
   * delivery it stops. One signal per event rather than per partition: every submit listens to
   * its signal, and an EventTarget with thousands of listeners makes each add and remove cost as
   * much as the listeners it holds.
   */
  readonly deliveries: Map<AbortController, Promise<void>>;
  revoked: boolean;
  /** The next offset not taken in hand yet; a rebalance refetches from the committed offset. */
  next: bigint | undefined;
  committed: bigint | undefined;
  paused: boolean;
}

/**
 * Turns the alerts topic's records into deliveries without blocking the partition on slow
 * handlers: each record is tracked in its partition's OffsetWatermark and submitted to the
 * scheduler, and its offset is settled when the submit resolves. Commits carry the lowest
 * unsettled offset, so a crash redelivers from there and the ledger skips what was done.
 */
export class AlertDispatcher {
  private readonly owned = new Map<string, OwnedPartition>();
  private committing: Promise<void> = Promise.resolve();
  private infrastructureDown = false;

  constructor(private readonly options: AlertDispatcherOptions) {}

  assign(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      this.owned.set(partitionKey(tp), { tp, watermark: new OffsetWatermark(), deliveries: new Map(), revoked: false, next: undefined, committed: undefined, paused: false });
    }
  }

  /**
   * Aborts the partitions' deliveries, waits (up to revokeGraceMs) for their attempts in flight to
   * end and be recorded, and commits what they settled. The abort ends every wait at once (queued
   * pairs, backoffs), so only sends a receiver may already have acted on are waited for. This is
   * also how a stopping notifier finishes its sends: stopping the consumer revokes everything.
   */
  async revoke(partitions: readonly TopicPartition[]): Promise<void> {
    const revoked: OwnedPartition[] = [];
    for (const tp of partitions) {
      const state = this.owned.get(partitionKey(tp));
      if (!state) continue;
      this.owned.delete(partitionKey(tp));
      state.revoked = true;
      for (const controller of state.deliveries.keys()) controller.abort();
      revoked.push(state);
    }
    await this.finishing(revoked);
    await this.commitStates(revoked);
  }

  /** Takes a batch in hand: every record is tracked and submitted; nothing here waits for a delivery. */
  async handleBatch(batch: FetchedBatch): Promise<void> {
    const state = this.owned.get(partitionKey(batch));
    if (!state) return;
    for (const message of batch.messages) this.take(state, message);
    if (!state.paused && state.watermark.pending() > this.options.maxPending) {
      state.paused = true;
      this.options.consumer.pause(state.tp);
    }
  }

  /** Commits every owned partition whose committable offset moved; one commit at a time. */
  commit(): Promise<void> {
    return this.commitStates([...this.owned.values()]);
  }

  /** Records taken in hand and not settled, over all owned partitions. */
  pending(): number {
    let total = 0;
    for (const state of this.owned.values()) total += state.watermark.pending();
    return total;
  }

  pausedPartitions(): number {
    let paused = 0;
    for (const state of this.owned.values()) if (state.paused) paused += 1;
    return paused;
  }

  private take(state: OwnedPartition, message: ConsumedMessage): void {
    const offset = BigInt(message.offset);
    // Records before `next` are already in hand: kafkajs fetches a kept partition again from the
    // committed offset after a rebalance.
    if (state.next !== undefined && offset < state.next) return;
    state.next = offset + 1n;
    state.watermark.track(offset);
    let pending: PendingEvent;
    try {
      pending = pendingEventOfRecord(message);
    } catch (error) {
      if (!(error instanceof InvalidAlertRecordError)) throw error;
      // Such a record can never be delivered, and a dead letter needs an event id and a
      // handler to be replayable, so it is skipped: logged with its position (the record stays
      // on the topic for inspection) and counted.
      this.options.logger.warn({ topic: message.topic, partition: message.partition, offset: message.offset, reason: error.message }, 'alert record skipped: it breaks the alerts topic contract');
      this.options.invalidRecord?.(message.topic);
      this.settle(state, offset);
      return;
    }
    const controller = new AbortController();
    const delivery = this.deliver(state, offset, pending, controller.signal).finally(() => state.deliveries.delete(controller));
    state.deliveries.set(controller, delivery);
  }

  /** Resolves when the aborted deliveries of `states` ended, or after revokeGraceMs. */
  private async finishing(states: readonly OwnedPartition[]): Promise<void> {
    const deliveries = states.flatMap((state) => [...state.deliveries.values()]);
    if (deliveries.length === 0) return;
    const grace = new AbortController();
    await Promise.race([Promise.allSettled(deliveries), this.options.clock.sleep(this.options.revokeGraceMs, grace.signal)]);
    grace.abort();
  }

  /** Submits until the event is settled (its offset then is) or the assignment ends. */
  private async deliver(state: OwnedPartition, offset: bigint, pending: PendingEvent, signal: AbortSignal): Promise<void> {
    const { scheduler, clock, infrastructureRetryMs, infrastructureRetryMaxMs } = this.options;
    const settled = await submitUntilSettled(() => scheduler.submit(pending, signal), {
      signal,
      sleep: (ms, until) => clock.sleep(ms, until),
      retryMs: infrastructureRetryMs,
      maxRetryMs: infrastructureRetryMaxMs,
      failed: (error) => this.infrastructureFailed(error),
      succeeded: () => this.infrastructureUp(),
    });
    if (settled) this.settle(state, offset);
  }

  private settle(state: OwnedPartition, offset: bigint): void {
    state.watermark.settle(offset);
    if (state.paused && state.watermark.pending() < this.options.maxPending && !state.revoked) {
      state.paused = false;
      this.options.consumer.resume(state.tp);
    }
  }

  private commitStates(states: readonly OwnedPartition[]): Promise<void> {
    const run = async (): Promise<void> => {
      const changed: { state: OwnedPartition; offset: bigint }[] = [];
      for (const state of states) {
        const offset = state.watermark.committable();
        if (offset !== undefined && offset !== state.committed) changed.push({ state, offset });
      }
      if (changed.length === 0) return;
      try {
        await this.options.consumer.commit(changed.map(({ state, offset }) => ({ ...state.tp, offset })));
        for (const { state, offset } of changed) state.committed = offset;
      } catch (error) {
        // The next commit carries the same or later offsets; until then a crash only redelivers
        // records the ledger skips.
        this.options.logger.warn({ err: error }, 'offset commit failed; retrying with the next commit');
      }
    };
    this.committing = this.committing.then(run);
    return this.committing;
  }

  /** One log line when the ledger or dead-letter sink starts failing, one when it works again. */
  private infrastructureFailed(error: unknown): void {
    if (this.infrastructureDown) return;
    this.infrastructureDown = true;
    this.options.logger.error({ err: error }, 'delivery bookkeeping failed (ledger or dead-letter topic); events wait and are submitted again');
  }

  private infrastructureUp(): void {
    if (!this.infrastructureDown) return;
    this.infrastructureDown = false;
    this.options.logger.info('delivery bookkeeping works again');
  }
}
