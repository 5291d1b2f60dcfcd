import { readFile } from 'node:fs/promises';
import { REPLAY_HEADER } from '@vigil/delivery';
import type { Logger } from '@vigil/observability';
import { replaceFile } from '../storage/files/durable-files';
import { FailureLog } from '../storage/health/failure-log';
import type { StoredLogRecord } from '../storage/record-log/log-record';
import { abortableDelay, type TailedLog } from '../tailing/tailed-log';
import { eventHandoverOf, receivedEventOf, type HandoverReader } from '../notification/event-handover';
import { AlertTopics, REPLAY_ID_HEADER, topicOfEvent } from '@vigil/kapacitor-api';

export interface TopicFollowerOptions {
  /** The event log the evaluation loop writes. */
  readonly events: TailedLog;
  /** Where the topics' event states and the event-log offset they cover are saved. */
  readonly path: string;
  /** Least time between two saves while events keep coming (a caught-up follower saves once it has passed); stop() and delete save at once. */
  readonly saveIntervalMs: number;
  /** Most records read at once. */
  readonly batchRecords: number;
  readonly logger: Logger;
}

/** The saved file: the next event-log offset to read and every topic's event states. */
interface SavedTopics {
  readonly offset: string;
  readonly topics: unknown;
}

/**
 * Keeps Kapacitor's alert topics current from the event log: every event the evaluation loop
 * writes is collected on its topic (its `.topic()`, or `main:<task>:<node>`). The event states
 * and the offset read up to are saved in the data folder (`alert-topics.json`, replaced
 * atomically), so a restart reads on from there and the states outlive the event log's
 * retention, which keeps segments until this follower's saved offset has passed them.
 *
 * A crash leaves the last saved file: the events after its offset are read again, which sets the
 * same states again (an event state is the last event of its id). Records that are not events
 * written by the evaluation (dead letters re-published by `vigil dlq replay`, a replay's events
 * on its anonymous topics) are skipped.
 */
export class TopicFollower {
  readonly topics = new AlertTopics();
  private next = 0n;
  private saved: bigint | undefined;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  /** The event log as read: the events the evaluation just wrote come from memory, decoded once with the notifier (EventHandover). */
  private events: HandoverReader | undefined;
  private lastSaveMs = 0;
  private saving: Promise<void> = Promise.resolve();

  // A full disk fails every save alike: one line when it starts, one when it ends.
  private readonly failures: FailureLog;

  constructor(private readonly options: TopicFollowerOptions) {
    this.failures = new FailureLog(options.logger, { failed: 'collecting alert events on their topics failed; trying again', recovered: 'collecting alert events on their topics succeeds again' });
  }

  /** Loads the saved states and reads the event log up to its end before resolving. */
  async start(): Promise<void> {
    const { logger } = this.options;
    const saved = await this.load();
    const start = this.options.events.start();
    this.next = saved === undefined || saved < start ? start : saved;
    this.saved = saved;
    const events = eventHandoverOf(this.options.events).reader(this.next);
    this.events = events;
    if (saved !== undefined && saved < start) logger.warn({ offset: saved.toString(), logStart: start.toString() }, 'alert events below the event log start were never collected on their topics; reading on from the log start');
    while (this.next < events.end()) await this.readBatch();
    await this.save();
    this.running = this.run();
  }

  /** The offset below which every event is in the saved file: the event log may drop what is below it. */
  savedOffset(): bigint | undefined {
    return this.saved;
  }

  /** Deletes a topic and saves at once, so that a restart does not bring it back. */
  async deleteTopic(topic: string): Promise<void> {
    this.topics.delete(topic);
    await this.save();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    this.events?.close();
    await this.save();
  }

  private async run(): Promise<void> {
    const { saveIntervalMs } = this.options;
    const events = this.events as HandoverReader;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        if (this.next >= events.end()) {
          await this.waitCaughtUp(events, signal);
          continue;
        }
        await this.readBatch();
        // At most one save per saveIntervalMs: a save writes every alert id's state, so saving
        // after each evaluation step cost a steady server more than collecting its events.
        if (Date.now() - this.lastSaveMs >= saveIntervalMs) await this.save();
        this.failures.succeeded();
      } catch (error) {
        this.failures.failed(error, { offset: this.next.toString() });
        await abortableDelay(saveIntervalMs, signal);
      }
    }
  }

  /**
   * Caught up: waits for new events, saving what was read once saveIntervalMs has passed since
   * the last save (so a quiet server's file holds its last events within that time).
   */
  private async waitCaughtUp(events: HandoverReader, signal: AbortSignal): Promise<void> {
    if (this.saved === this.next) {
      await events.waitForAppend(this.next, signal);
      return;
    }
    const wait = this.options.saveIntervalMs - (Date.now() - this.lastSaveMs);
    if (wait <= 0) await this.save();
    else await events.waitForAppend(this.next, AbortSignal.any([signal, AbortSignal.timeout(wait)]));
  }

  private async readBatch(): Promise<void> {
    const records = await (this.events as HandoverReader).read(this.next, this.options.batchRecords);
    for (const record of records) this.collect(record);
    const last = records.at(-1);
    if (last) this.next = last.offset + 1n;
  }

  private collect(record: StoredLogRecord): void {
    if (record.headers[REPLAY_HEADER] !== undefined) return;
    let received;
    try {
      received = receivedEventOf(record);
    } catch {
      return;
    }
    const replay = record.headers[REPLAY_ID_HEADER];
    if (replay !== undefined && received.topic === '') return;
    const { alert } = received;
    this.topics.collect(topicOfEvent(received), { id: alert.id, message: alert.message, details: alert.details, time: alert.time, duration: alert.duration, level: alert.level });
  }

  /** Saves one at a time, each with the states and offset of its moment. */
  private save(): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(async () => {
      const offset = this.next;
      const body: SavedTopics = { offset: offset.toString(), topics: this.topics.snapshot() };
      this.lastSaveMs = Date.now();
      await replaceFile(this.options.path, `${JSON.stringify(body)}\n`);
      this.saved = offset;
    });
    return this.saving;
  }

  private async load(): Promise<bigint | undefined> {
    let text: string;
    try {
      text = await readFile(this.options.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const saved = JSON.parse(text) as Partial<SavedTopics>;
    if (typeof saved.offset !== 'string' || !/^\d+$/.test(saved.offset)) throw new Error(`${this.options.path}: expected {"offset":"<integer>","topics":{...}}`);
    this.topics.restore(saved.topics);
    return BigInt(saved.offset);
  }
}
