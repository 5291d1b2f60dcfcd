import { open, type FileHandle } from 'node:fs/promises';
import type { DeliveryLedger, HandlerKey, Settlement } from '@vigil/delivery';
import { replaceFile } from '../files/durable-files';
import { GroupCommit } from '../files/group-commit';
import { readLineFile } from '../files/line-file';
import { decodeLedgerLine, encodeLedgerLine, type LedgerEntry } from './ledger-line';

export interface FileDeliveryLedgerOptions {
  /** How long a settlement is remembered; default 7 days, as the Redis ledger's TTL. */
  readonly retentionMs?: number;
  /** At open, the file is rewritten with only live pairs once it has this many lines and twice as many as live pairs. Default 10,000. */
  readonly compactAtLines?: number;
  readonly nowMs?: () => number;
}

export const DEFAULT_LEDGER_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const DEFAULT_COMPACT_AT_LINES = 10_000;

interface Mark {
  readonly settlement: Settlement;
  readonly atMs: number;
}

/**
 * The delivery ledger of standalone mode: an append-only file of `delivered|dead|cleared` lines,
 * replayed into a map at open. The map changes at once, so that decisions such as "only one
 * replay takes a dead pair" are made in one step; each call resolves only after its line is
 * fsynced (concurrent marks share one fsync). The rules are the Redis ledger's: delivered always
 * wins, dead never overwrites a settlement, clearing only undoes dead.
 */
export class FileDeliveryLedger implements DeliveryLedger {
  private failure: unknown;
  private closed = false;
  private readonly commits = new GroupCommit<string>((lines) => this.write(lines));

  private constructor(
    private readonly marks: Map<string, Mark>,
    private readonly handle: FileHandle,
    private readonly retentionMs: number,
    private readonly nowMs: () => number,
  ) {}

  static async open(path: string, options: FileDeliveryLedgerOptions = {}): Promise<FileDeliveryLedger> {
    const nowMs = options.nowMs ?? Date.now;
    const retentionMs = options.retentionMs ?? DEFAULT_LEDGER_RETENTION_MS;
    const entries = await readLineFile(path, decodeLedgerLine, { repair: true });
    const marks = new Map<string, Mark>();
    for (const entry of entries) applyEntry(marks, entry);
    for (const [pair, mark] of marks) if (nowMs() - mark.atMs > retentionMs) marks.delete(pair);
    if (entries.length >= (options.compactAtLines ?? DEFAULT_COMPACT_AT_LINES) && entries.length >= 2 * marks.size) {
      await replaceFile(path, [...marks].map(([pair, mark]) => encodeLedgerLine({ verb: mark.settlement, ...splitPair(pair), atMs: mark.atMs })).join(''));
    }
    return new FileDeliveryLedger(marks, await open(path, 'a'), retentionMs, nowMs);
  }

  /** Live pairs, for tests and `vigil dlq` listings. */
  size(): number {
    return this.marks.size;
  }

  async settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined> {
    return this.current(eventId, key);
  }

  /** Unconditional: a delivery that succeeded is a fact, even after a dead mark. */
  async markDelivered(eventId: string, key: HandlerKey): Promise<void> {
    await this.record({ verb: 'delivered', eventId, key, atMs: this.nowMs() });
  }

  /** A pair already delivered stays delivered, and a pair already dead keeps its first mark. */
  async markDead(eventId: string, key: HandlerKey): Promise<void> {
    if (this.current(eventId, key) !== undefined) return;
    await this.record({ verb: 'dead', eventId, key, atMs: this.nowMs() });
  }

  async clearDead(eventId: string, key: HandlerKey): Promise<void> {
    await this.takeDead(eventId, key);
  }

  /** Forgets a dead pair and says whether it was dead, so only one replay re-sends it. */
  async takeDead(eventId: string, key: HandlerKey): Promise<boolean> {
    if (this.current(eventId, key) !== 'dead') return false;
    await this.record({ verb: 'cleared', eventId, key, atMs: this.nowMs() });
    return true;
  }

  /** Waits for marks in flight, then releases the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.settled();
    await this.handle.close();
  }

  /** Synchronous, so that a check and the mark it leads to happen in one step. */
  private current(eventId: string, key: HandlerKey): Settlement | undefined {
    const mark = this.marks.get(pairOf(eventId, key));
    if (!mark || this.nowMs() - mark.atMs > this.retentionMs) return undefined;
    return mark.settlement;
  }

  private record(entry: LedgerEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error('delivery ledger is closed'));
    if (this.failure !== undefined) return Promise.reject(new Error('delivery ledger failed earlier; reopen it', { cause: this.failure }));
    applyEntry(this.marks, entry);
    return this.commits.submit(encodeLedgerLine(entry));
  }

  private async write(lines: readonly string[]): Promise<void> {
    if (this.failure !== undefined) throw new Error('delivery ledger failed earlier; reopen it', { cause: this.failure });
    try {
      await this.handle.write(lines.join(''));
      await this.handle.datasync();
    } catch (error) {
      // The map already holds these marks; without them on disk it can no longer be trusted.
      this.failure = error;
      throw error;
    }
  }
}

function applyEntry(marks: Map<string, Mark>, entry: LedgerEntry): void {
  const pair = pairOf(entry.eventId, entry.key);
  if (entry.verb === 'cleared') marks.delete(pair);
  else marks.set(pair, { settlement: entry.verb, atMs: entry.atMs });
}

/** JSON keeps the two ids apart whatever characters they hold. */
function pairOf(eventId: string, key: HandlerKey): string {
  return JSON.stringify([eventId, key]);
}

function splitPair(pair: string): { eventId: string; key: HandlerKey } {
  const [eventId, key] = JSON.parse(pair) as [string, HandlerKey];
  return { eventId, key };
}
