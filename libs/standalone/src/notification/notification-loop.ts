import { OffsetWatermark, pendingEventOf, submitUntilSettled, type PendingEvent } from '@vigil/delivery';
import type { Logger } from '@vigil/observability';
import { FailureLog } from '../storage/health/failure-log';
import type { StoredLogRecord } from '../storage/record-log/log-record';
import { abortableDelay, type TailedLog } from '../tailing/tailed-log';
import { eventHandoverOf, receivedEventOf, type HandoverReader } from './event-handover';
import { replayKeysOf } from './replay-keys';

/** What the loop needs from the DeliveryScheduler (a fake in unit tests). */
export interface EventDelivery {
  /** Resolves once every target is settled; rejects with DeliveryStoppedError after stop(). */
  submit(pending: PendingEvent): Promise<void>;
  stop(): Promise<void>;
}

/** Where the notifier's commit position survives a restart. */
export interface PositionStore {
  load(): Promise<bigint | undefined>;
  save(offset: bigint): Promise<void>;
}

export interface NotificationLoopOptions {
  /** The event log, read from the saved position on. */
  readonly events: TailedLog;
  readonly delivery: EventDelivery;
  readonly position: PositionStore;
  /** Most records read at once. */
  readonly batchRecords: number;
  /** Most events read but not yet settled; reading pauses beyond it (a handler that is down). */
  readonly maxPending: number;
  /** At stop, how long deliveries in flight may take to finish before they are cut off. */
  readonly stopGraceMs: number;
  /** Wait before an event whose ledger or dead-letter write failed is submitted again. */
  readonly retryDelayMs: number;
  /**
   * Least time between two saves of the position while events keep settling (each save is a file
   * replacement with two fsyncs); the stop saves at once. A restart rereads at most this much,
   * and the ledger skips what was settled.
   */
  readonly positionSaveIntervalMs: number;
  readonly logger: Logger;
  /** Adds the topic handlers' targets to each event (withTopicTargets); none when absent. */
  readonly topicTargets?: (pending: PendingEvent, headers: Readonly<Record<string, string>>, replayKeys: readonly string[] | undefined) => PendingEvent;
}

/**
 * The notifier of standalone mode: tails the event log and hands each event to the same
 * DeliveryScheduler the distributed notifier uses (per alert id and handler in order, retries,
 * dead letters, a ledger of settled pairs). The position it saves is the OffsetWatermark's: below
 * it every event is settled, so a restart reads on from there and the ledger skips the settled
 * events read again above it. Events are delivered at least once to the point of the ledger mark,
 * and the ledger makes it once: a crash between a send and its mark is the one repeat left.
 */
export class NotificationLoop {
  private readonly watermark = new OffsetWatermark();
  private readonly reading = new AbortController();
  private readonly delivering = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private next = 0n;
  /** Where reading started: saving a position equal to it would say nothing new. */
  private started = 0n;
  private saved: bigint | undefined;
  private saving: Promise<void> | undefined;
  private saveAgain = false;
  private running: Promise<void> | undefined;
  /** The event log as read: the events the evaluation just wrote come from memory (EventHandover). */
  private events: HandoverReader | undefined;
  private onSettled: (() => void) | undefined;
  private failing = false;
  // A full disk fails every event's record and every position save alike: one line each when it starts and when it ends.
  private readonly readFailures: FailureLog;
  private readonly recordFailures: FailureLog;
  private readonly saveFailures: FailureLog;

  constructor(private readonly options: NotificationLoopOptions) {
    this.readFailures = new FailureLog(options.logger, { failed: 'reading the event log failed; trying again', recovered: 'reading the event log succeeds again' });
    this.recordFailures = new FailureLog(options.logger, { failed: 'recording deliveries failed; events are submitted again until it succeeds', recovered: 'recording deliveries succeeds again' });
    this.saveFailures = new FailureLog(options.logger, { failed: 'saving the notifier position failed; it is saved again with the next settled event', recovered: 'saving the notifier position succeeds again' });
  }

  async start(): Promise<void> {
    const { events, logger } = this.options;
    const stored = await this.options.position.load();
    this.saved = stored;
    const start = events.start();
    this.next = stored === undefined || stored < start ? start : stored;
    this.started = this.next;
    this.events = eventHandoverOf(events).reader(this.next);
    if (stored !== undefined && stored < start) logger.error({ offset: stored.toString(), logStart: start.toString() }, 'alert events below the event log start were never delivered; continuing after them');
    // At debug: vigil serve says one line at start (its listening line).
    else logger.debug({ offset: this.next.toString() }, stored === undefined ? 'notifier starts at the event log start' : 'notifier resumes from its saved position');
    this.running = this.run();
  }

  /** The saved (durable) position: events below it are settled and may be deleted. */
  committedPosition(): bigint | undefined {
    return this.saved;
  }

  /** False while the event log cannot be read, for readiness. */
  healthy(): boolean {
    return this.running !== undefined && !this.failing && !this.reading.signal.aborted;
  }

  /** Events read and not yet settled. */
  pending(): number {
    return this.watermark.pending();
  }

  /**
   * Stops reading, lets deliveries in flight finish for up to stopGraceMs (a cut-off send may have
   * arrived and would be sent again after the restart), stops the rest and saves the position.
   */
  async stop(): Promise<void> {
    this.reading.abort();
    this.onSettled?.();
    await this.running;
    this.events?.close();
    if (this.inFlight.size > 0) {
      const grace = new AbortController();
      await Promise.race([Promise.all(this.inFlight), abortableDelay(this.options.stopGraceMs, grace.signal)]);
      grace.abort();
    }
    this.delivering.abort();
    await this.options.delivery.stop();
    await Promise.all(this.inFlight);
    await this.savePosition();
  }

  private async run(): Promise<void> {
    const { batchRecords, maxPending } = this.options;
    const events = this.events as HandoverReader;
    const signal = this.reading.signal;
    while (!signal.aborted) {
      const room = maxPending - this.watermark.pending();
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.onSettled = resolve));
        continue;
      }
      if (this.next >= events.end()) {
        await events.waitForAppend(this.next, signal);
        continue;
      }
      try {
        const records = await events.read(this.next, Math.min(batchRecords, room));
        for (const record of records) this.deliver(record);
        const last = records.at(-1);
        if (last) this.next = last.offset + 1n;
        this.failing = false;
        this.readFailures.succeeded();
      } catch (error) {
        this.failing = true;
        this.readFailures.failed(error, { offset: this.next.toString() });
        await abortableDelay(this.options.retryDelayMs, signal);
      }
    }
  }

  private deliver(record: StoredLogRecord): void {
    this.watermark.track(record.offset);
    let pending: PendingEvent;
    try {
      const replayKeys = replayKeysOf(record.headers);
      pending = pendingEventOf(receivedEventOf(record), replayKeys);
      if (this.options.topicTargets) pending = this.options.topicTargets(pending, record.headers, replayKeys);
    } catch (error) {
      this.options.logger.warn({ err: error, offset: record.offset.toString() }, 'skipped an event log record that is not an alert event');
      this.settle(record.offset);
      return;
    }
    const delivery = this.untilSettled(pending).then((settled) => {
      if (settled) this.settle(record.offset);
    });
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Submits until the scheduler settles the event (ledger or dead-letter file failures are retried); false when stopped first. */
  private untilSettled(pending: PendingEvent): Promise<boolean> {
    const { delivery, retryDelayMs } = this.options;
    // No abort signal per submission: each would add a listener to one shared signal, which
    // costs O(listeners) per add with thousands pending; stop() rejects them all instead.
    return submitUntilSettled(() => delivery.submit(pending), {
      signal: this.delivering.signal,
      sleep: abortableDelay,
      retryMs: retryDelayMs,
      maxRetryMs: retryDelayMs,
      failed: (error) => this.recordFailures.failed(error, { task: pending.event.task, alertId: pending.event.id, eventId: pending.eventId }),
      succeeded: () => this.recordFailures.succeeded(),
    });
  }

  private settle(offset: bigint): void {
    this.watermark.settle(offset);
    const wake = this.onSettled;
    this.onSettled = undefined;
    wake?.();
    void this.savePosition().then(
      () => this.saveFailures.succeeded(),
      (error: unknown) => this.saveFailures.failed(error),
    );
  }

  /** Saves the watermark; saves requested while one runs are folded into a single next one. */
  private savePosition(): Promise<void> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        const committable = this.watermark.committable();
        if (committable !== undefined && committable > (this.saved ?? this.started)) {
          await this.options.position.save(committable);
          this.saved = committable;
          if (this.saveAgain) await abortableDelay(this.options.positionSaveIntervalMs, this.reading.signal);
        }
      } while (this.saveAgain);
    })().finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }
}
