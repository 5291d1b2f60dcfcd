import type { DeliveryLedger, HandlerKey, Settlement } from '@vigil/delivery';
import { replaceFile } from '../files/durable-files';
import { GroupCommit } from '../files/group-commit';
import { readLineFile } from '../files/line-file';
import type { TornTail } from '../files/torn-tail';
import type { WriteHealth } from '../health/write-health';
import { LedgerFile } from './ledger-file';
import { decodeLedgerLine, encodeLedgerLine, type LedgerEntry } from './ledger-line';

export interface FileDeliveryLedgerOptions {
  /** How long a settlement is remembered; default 7 days, as the Redis ledger's TTL. */
  readonly retentionMs?: number;
  /**
   * The file is rewritten with only live pairs once it has this many lines and at least twice as
   * many as live pairs: at open, and while running. Default 10,000.
   */
  readonly compactAtLines?: number;
  readonly nowMs?: () => number;
  /** Told how each write of the file ends. */
  readonly health?: WriteHealth;
  /** Told of a torn last line cut off at open. */
  readonly onTornTail?: (tail: TornTail) => void;
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
 *
 * A server that never restarts appends a line per settled pair for ever, so the file is also
 * compacted while running: when it has grown to twice the lines it had at the last check, expired
 * pairs are dropped from the map and, if the file holds at least twice as many lines as live
 * pairs, the live pairs are rewritten to a new file (LedgerFile.compact) while marks go on.
 * Checking only at doublings keeps the cost of scanning the map at a constant per mark.
 *
 * A mark whose write failed (disk full) stays in the map, where it already decided what happens
 * next, and its line is kept to be written before any later one: the next write carries it, and
 * until one succeeds every `settlement` fails, so the scheduler sends nothing while the ledger
 * cannot record. Once space is back the first settlement writes the kept lines; no mark is lost
 * and no pair delivered before the disk filled is sent again.
 */
export class FileDeliveryLedger implements DeliveryLedger {
  private closed = false;
  private readonly commits = new GroupCommit<readonly string[]>((batches) => this.write(batches.flat()));
  /** Lines of marks whose write failed, written first by the next write. */
  private unwritten: readonly string[] = [];
  /** The line count at which the next check for compaction is due. */
  private nextCheckAt: number;
  private compaction: Promise<void> = Promise.resolve();

  private constructor(
    private readonly marks: Map<string, Mark>,
    private readonly file: LedgerFile,
    private readonly retentionMs: number,
    private readonly compactAtLines: number,
    private readonly nowMs: () => number,
  ) {
    this.nextCheckAt = Math.max(compactAtLines, 2 * file.lineCount());
  }

  static async open(path: string, options: FileDeliveryLedgerOptions = {}): Promise<FileDeliveryLedger> {
    const nowMs = options.nowMs ?? Date.now;
    const retentionMs = options.retentionMs ?? DEFAULT_LEDGER_RETENTION_MS;
    const compactAtLines = options.compactAtLines ?? DEFAULT_COMPACT_AT_LINES;
    const entries = await readLineFile(path, decodeLedgerLine, { repair: true, ...(options.onTornTail ? { onTornTail: options.onTornTail } : {}) });
    const marks = new Map<string, Mark>();
    for (const entry of entries) applyEntry(marks, entry);
    dropExpired(marks, nowMs(), retentionMs);
    let lines = entries.length;
    if (lines >= compactAtLines && lines >= 2 * marks.size) {
      await replaceFile(path, liveLines(marks).join(''));
      lines = marks.size;
    }
    return new FileDeliveryLedger(marks, await LedgerFile.open(path, lines, options.health), retentionMs, compactAtLines, nowMs);
  }

  /** Live pairs, for tests and `vigil dlq` listings. */
  size(): number {
    return this.marks.size;
  }

  /** Writes the lines of failed marks first, if any: rejects while they cannot be written. */
  async settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined> {
    if (this.unwritten.length > 0) await this.commits.submit([]);
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

  /** Waits for marks in flight and a compaction in progress, then releases the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.settled();
    // Marks whose write failed get one last try: without it their pairs would be sent again after the restart.
    if (this.unwritten.length > 0) await this.commits.submit([]).catch(() => undefined);
    await this.compaction;
    await this.file.close();
  }

  /** Resolves once the compaction in progress, if any, has ended (for tests). */
  compacted(): Promise<void> {
    return this.compaction;
  }

  /** Synchronous, so that a check and the mark it leads to happen in one step. */
  private current(eventId: string, key: HandlerKey): Settlement | undefined {
    const mark = this.marks.get(pairOf(eventId, key));
    if (!mark || this.nowMs() - mark.atMs > this.retentionMs) return undefined;
    return mark.settlement;
  }

  private record(entry: LedgerEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error('delivery ledger is closed'));
    applyEntry(this.marks, entry);
    return this.commits.submit([encodeLedgerLine(entry)]);
  }

  private async write(lines: readonly string[]): Promise<void> {
    const all = [...this.unwritten, ...lines];
    if (all.length === 0) return;
    try {
      await this.file.append(all);
    } catch (error) {
      this.unwritten = all;
      throw error;
    }
    this.unwritten = [];
    this.checkCompaction();
  }

  /** Starts a compaction when one is due and worth it; never waits for it. */
  private checkCompaction(): void {
    if (this.file.compacting() || this.file.lineCount() < this.nextCheckAt) return;
    dropExpired(this.marks, this.nowMs(), this.retentionMs);
    if (this.file.lineCount() < 2 * this.marks.size) {
      this.nextCheckAt = Math.max(this.compactAtLines, 2 * this.marks.size, this.file.lineCount() + 1);
      return;
    }
    this.compaction = this.file
      .compact(() => liveLines(this.marks))
      // A compaction that failed before its swap left the old file in use: try again at the next
      // doubling. One that failed after it made the file refuse further marks, which report it.
      .catch(() => undefined)
      .finally(() => {
        this.nextCheckAt = Math.max(this.compactAtLines, 2 * this.file.lineCount());
      });
  }
}

/** The map's pairs as ledger lines, each with the time of its settlement so expiry carries over. */
function liveLines(marks: ReadonlyMap<string, Mark>): string[] {
  return [...marks].map(([pair, mark]) => encodeLedgerLine({ verb: mark.settlement, ...splitPair(pair), atMs: mark.atMs }));
}

/** Expired pairs read as unsettled already; dropping them only frees memory and file lines. */
function dropExpired(marks: Map<string, Mark>, nowMs: number, retentionMs: number): void {
  for (const [pair, mark] of marks) if (nowMs - mark.atMs > retentionMs) marks.delete(pair);
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
