import { readEventRecord, type ReceivedEvent } from '@vigil/evaluation';
import type { LogRecord, StoredLogRecord } from '../storage/record-log/log-record';
import type { TailedLog } from '../tailing/tailed-log';

/**
 * Event values kept in memory for the readers; beyond it they read the file (a reader far behind).
 * 4 MiB held only part of a 10,000-event burst (the burst bench: ~245 µs of CPU per delivery,
 * ~170 µs with 16 MiB); the notifier holds up to 10,000 pending events, their values among them,
 * anyway, so keeping them here adds little memory.
 */
const KEPT_BYTES = 16 * 1024 * 1024;

/** An event-log record handed over in memory; its event is decoded once, by whichever reader asks first. */
class KeptEventRecord implements StoredLogRecord {
  decoded: ReceivedEvent | Error | undefined;

  constructor(
    readonly offset: bigint,
    readonly key: string,
    readonly value: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}

/**
 * The alert event of an event-log record (readEventRecord). A record handed over in memory is
 * decoded once for all its readers: the notifier and the alerts API's topic follower read the
 * same events, and decoding them was a tenth of `vigil serve`'s CPU in a burst.
 */
export function receivedEventOf(record: StoredLogRecord): ReceivedEvent {
  if (!(record instanceof KeptEventRecord)) return readEventRecord(record.value, record.headers);
  if (record.decoded === undefined) {
    try {
      record.decoded = readEventRecord(record.value, record.headers);
    } catch (error) {
      record.decoded = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (record.decoded instanceof Error) throw record.decoded;
  return record.decoded;
}

/**
 * The events the evaluation writes, handed to the event log's readers in memory as well: the
 * sink keeps each record once it is durable, and every reader gets the same record object (so
 * one decode) until all readers have read past it. The file stays the record: a reader that is
 * behind, or starts after a restart, reads it from there, and what it reads is the same.
 */
export class EventHandover {
  /** By offset; appends come in offset order. */
  private readonly recent = new Map<bigint, KeptEventRecord>();
  private bytes = 0;
  private readonly readers = new Set<HandoverReader>();

  constructor(
    readonly log: TailedLog,
    private readonly maxBytes: number = KEPT_BYTES,
  ) {}

  /** Keeps records just appended (fsynced) at `first` on, while a reader is registered and the budget allows. */
  keep(records: readonly LogRecord[], first: bigint): void {
    if (this.readers.size === 0) return;
    for (let index = 0; index < records.length && this.bytes < this.maxBytes; index++) {
      const { key, value, headers } = records[index] as LogRecord;
      const offset = first + BigInt(index);
      this.recent.set(offset, new KeptEventRecord(offset, key, value, headers));
      this.bytes += value.length;
    }
  }

  /** A reader of the log from `from` on; closed when it stops, so that it holds nothing back. */
  reader(from: bigint): HandoverReader {
    const reader = new HandoverReader(this, from);
    this.readers.add(reader);
    return reader;
  }

  /** Records kept in memory now (for tests). */
  size(): number {
    return this.recent.size;
  }

  /** @internal */
  kept(offset: bigint): KeptEventRecord | undefined {
    return this.recent.get(offset);
  }

  /** @internal Forgets what every reader has read past. */
  release(reader?: HandoverReader): void {
    if (reader) this.readers.delete(reader);
    let below: bigint | undefined;
    for (const each of this.readers) if (below === undefined || each.position < below) below = each.position;
    for (const [offset, record] of this.recent) {
      if (below !== undefined && offset >= below) return;
      this.recent.delete(offset);
      this.bytes -= record.value.length;
    }
  }
}

/** One reader's view of the handover: reads from memory where it can, from the log elsewhere. */
export class HandoverReader implements TailedLog {
  constructor(
    private readonly handover: EventHandover,
    /** Everything below it was read. */
    public position: bigint,
  ) {}

  start(): bigint {
    return this.handover.log.start();
  }

  end(): bigint {
    return this.handover.log.end();
  }

  async read(from: bigint, max: number): Promise<StoredLogRecord[]> {
    const records: StoredLogRecord[] = this.handover.kept(from) ? [] : await this.handover.log.read(from, max);
    for (let offset = from + BigInt(records.length); records.length < max; offset++) {
      const record = this.handover.kept(offset);
      if (record === undefined) break;
      records.push(record);
    }
    this.position = from + BigInt(records.length);
    this.handover.release();
    return records;
  }

  async waitForAppend(after: bigint, signal?: AbortSignal): Promise<bigint> {
    const end = await this.handover.log.waitForAppend(after, signal);
    // The log wakes readers just before its append resolves: let the sink keep the records first.
    await new Promise((resolve) => setImmediate(resolve));
    return end;
  }

  /** Stops holding records back. */
  close(): void {
    this.handover.release(this);
  }
}

const handovers = new WeakMap<object, EventHandover>();

/**
 * The handover of one event log, shared by its readers (notification loop, topic follower) and
 * its sink. Found by the log itself, as every part of the server is given the same log.
 */
export function eventHandoverOf(log: TailedLog): EventHandover {
  let handover = handovers.get(log);
  if (handover === undefined) {
    handover = new EventHandover(log);
    handovers.set(log, handover);
  }
  return handover;
}

/** The handover of a log, if any reader registered one: where the sink keeps what it appended. */
export function existingEventHandoverOf(log: object): EventHandover | undefined {
  return handovers.get(log);
}
