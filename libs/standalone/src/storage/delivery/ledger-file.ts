import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder } from '../files/durable-files';

/**
 * The delivery ledger's file: appends that resolve once fsynced, and compaction while the server
 * runs. A compaction writes the live pairs to a temporary file beside the ledger without holding
 * up appends; lines appended meanwhile go to the old file as usual (their callers resolve as
 * always) and are also kept, then written after the live pairs in a short exclusive step that
 * fsyncs the new file, renames it over the old one and fsyncs the folder. A crash at any point
 * leaves the old file or the new one, each holding every line whose append had resolved.
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
    private handle: FileHandle,
    lines: number,
  ) {
    this.lines = lines;
  }

  /** Opens the file for appending; `lines` is how many it holds. */
  static async open(path: string, lines: number): Promise<LedgerFile> {
    return new LedgerFile(path, await open(path, 'a'), lines);
  }

  /** Lines in the file, counting those a compaction will carry over. */
  lineCount(): number {
    return this.lines;
  }

  compacting(): boolean {
    return this.pending !== undefined;
  }

  /** Appends the lines and fsyncs them. After a failed write or swap every append fails. */
  append(lines: readonly string[]): Promise<void> {
    this.pending?.push(...lines);
    return this.exclusively(async () => {
      this.throwIfFailed();
      try {
        await this.handle.write(lines.join(''));
        await this.handle.datasync();
      } catch (error) {
        // The caller's map already holds these lines; without them on disk it can no longer be trusted.
        this.failure = error;
        throw error;
      }
      this.lines += lines.length;
    });
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
    let next: FileHandle | undefined;
    try {
      await rm(temporary, { force: true });
      next = await open(temporary, 'ax');
      await next.write(live.join(''));
      await next.datasync();
      const handle = next;
      await this.exclusively(async () => {
        this.throwIfFailed();
        const carried = this.pending ?? [];
        await handle.write(carried.join(''));
        await handle.sync();
        await rename(temporary, this.path);
        // From the rename on, the old handle points at an unlinked file: appends go to the new one.
        const old = this.handle;
        this.handle = handle;
        this.lines = live.length + carried.length;
        this.pending = undefined;
        await old.close().catch(() => undefined);
        try {
          await syncFolder(dirname(this.path));
        } catch (error) {
          // A crash could bring back the old file, without the lines appended after the swap.
          this.failure = error;
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
    await this.handle.close();
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
