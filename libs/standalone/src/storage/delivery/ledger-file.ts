import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppendFailedError, DurableAppender } from '../files/durable-appender';
import { syncFolder } from '../files/durable-files';
import { UNWATCHED, type WriteHealth } from '../health/write-health';

/**
 * The delivery ledger's file: appends that resolve once fsynced, and compaction while the server
 * runs. A compaction writes the live pairs to a temporary file beside the ledger without holding
 * up appends; lines appended meanwhile go to the old file as usual (their callers resolve as
 * always) and are also kept, then written after the live pairs in a short exclusive step that
 * fsyncs the new file, renames it over the old one and fsyncs the folder. A crash at any point
 * leaves the old file or the new one, each holding every line whose append had resolved.
 *
 * An append that fails (disk full) leaves nothing in the file (DurableAppender): the caller keeps
 * its lines and writes them again with its next append.
 */
export class LedgerFile {
  private lines: number;
  private failure: unknown;
  /** Lines appended since the running compaction took its snapshot; undefined when none runs. */
  private pending: string[] | undefined;
  /** Appends and the swap of a compaction run one at a time, in call order. */
  private exclusive: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private appender: DurableAppender,
    lines: number,
    private readonly health: WriteHealth,
  ) {
    this.lines = lines;
  }

  /** Opens the file for appending; `lines` is how many it holds. */
  static async open(path: string, lines: number, health: WriteHealth = UNWATCHED): Promise<LedgerFile> {
    return new LedgerFile(path, await DurableAppender.open(path, { health, syncedWrites: true }), lines, health);
  }

  /** Lines in the file, counting those a compaction will carry over. */
  lineCount(): number {
    return this.lines;
  }

  compacting(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Appends the lines and fsyncs them; a failed append leaves none of them in the file. After a
   * failure this process cannot undo (an I/O error, a failed swap) every append fails.
   */
  append(lines: readonly string[]): Promise<void> {
    this.pending?.push(...lines);
    return this.exclusively(async () => {
      this.throwIfFailed();
      await this.appender.append(Buffer.from(lines.join(''), 'utf8'));
      this.lines += lines.length;
    });
  }

  /** Whether a failure made the file refuse appends until it is reopened. */
  failed(): boolean {
    return this.failure !== undefined || this.appender.failed();
  }

  /**
   * Rewrites the file as the lines `snapshot` returns followed by every line appended from now
   * on. `snapshot` is called at once, synchronously, so the caller's state it reads and the
   * appends kept for the new file meet without a gap; a line both in the snapshot and appended
   * afterwards is written twice, which replaying in order makes harmless. A compaction that
   * fails before its rename leaves the old file in use.
   */
  async compact(snapshot: () => readonly string[]): Promise<void> {
    if (this.pending !== undefined) return;
    this.pending = [];
    const live = snapshot();
    const temporary = `${this.path}.compact-${process.pid}`;
    let next: DurableAppender | undefined;
    try {
      await rm(temporary, { force: true });
      next = await DurableAppender.open(temporary, { size: 0, part: this.path, health: this.health, syncedWrites: true });
      await next.append(Buffer.from(live.join(''), 'utf8'));
      const appender = next;
      await this.exclusively(async () => {
        this.throwIfFailed();
        const carried = this.pending ?? [];
        await appender.append(Buffer.from(carried.join(''), 'utf8'));
        await rename(temporary, this.path);
        // From the rename on, the old handle points at an unlinked file: appends go to the new one.
        const old = this.appender;
        this.appender = appender;
        this.lines = live.length + carried.length;
        this.pending = undefined;
        await old.close().catch(() => undefined);
        try {
          await syncFolder(dirname(this.path));
        } catch (error) {
          // A crash could bring back the old file, without the lines appended after the swap.
          this.failure = error;
          this.health.failed(this.path, new AppendFailedError(this.path, error));
          throw error;
        }
      });
    } catch (error) {
      if (this.pending !== undefined) {
        this.pending = undefined;
        await next?.close().catch(() => undefined);
        await rm(temporary, { force: true }).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Waits for the appends in flight, then closes the file. */
  async close(): Promise<void> {
    await this.exclusive.catch(() => undefined);
    await this.appender.close();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw new Error('delivery ledger failed earlier; reopen it', { cause: this.failure });
  }

  private exclusively(step: () => Promise<void>): Promise<void> {
    const run = this.exclusive.then(step, step);
    this.exclusive = run.catch(() => undefined);
    return run;
  }
}
