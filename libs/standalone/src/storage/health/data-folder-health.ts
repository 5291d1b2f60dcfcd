import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@vigil/observability';
import { AppendFailedError } from '../files/durable-appender';
import { FailureLog } from './failure-log';
import { errorCodeOf, isSpaceError, type WriteHealth } from './write-health';

export interface DataFolderHealthOptions {
  readonly root: string;
  readonly logger: Logger;
  /**
   * Liveness fails once writes have failed for this long without a break, so that an orchestrator
   * restarts a server that does not recover by itself; 0: never for a full disk.
   */
  readonly failingLiveMs: number;
  /** While writes fail, how often a test write checks whether space is back. */
  readonly probeIntervalMs: number;
  readonly nowMs?: () => number;
}

export interface LivenessReport {
  readonly live: boolean;
  readonly reason?: string;
}

/** The test write: enough bytes that a filesystem with room for it likely has room for a batch. */
const PROBE_BYTES = 64 * 1024;
export const PROBE_FILE = '.write-probe';

/**
 * The data folder's writers report here (WriteHealth). A full disk is a state that passes: while
 * any part fails, readiness fails and one line says so per part; when the part's next write
 * succeeds, one line says it recovered. Since readiness keeps writers away (a load balancer stops
 * sending), a test write every `probeIntervalMs` checks for space too: once one succeeds the
 * server is ready again (until a write fails again), while the parts' recovered lines wait for
 * their own next write, so a filesystem with room for the test but not for a batch flaps
 * readiness, never the log. Liveness fails, so that an orchestrator restarts the server, when it cannot
 * recover by itself: after a failure a reopen is needed for (an I/O error, AppendFailedError),
 * or when writes have failed for longer than `failingLiveMs`.
 */
export class DataFolderHealth implements WriteHealth {
  private readonly failing = new Map<string, FailureLog>();
  private unrecoverable: { readonly part: string; readonly reason: string } | undefined;
  private since: number | undefined;
  private prober: NodeJS.Timeout | undefined;
  private probing = false;
  /** A test write succeeded since the last failed write: ready, though the parts have not written yet. */
  private spaceBack = false;
  private readonly nowMs: () => number;

  constructor(private readonly options: DataFolderHealthOptions) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  failed(part: string, error: unknown): void {
    if (this.unrecoverable === undefined && (error instanceof AppendFailedError || !isSpaceError(error))) {
      this.unrecoverable = { part, reason: error instanceof Error ? error.message : String(error) };
      this.options.logger.error({ part, code: errorCodeOf(error), reason: this.unrecoverable.reason }, 'a write to the data folder failed in a way this process cannot undo; liveness fails so that a restart reopens and checks the files');
    }
    let log = this.failing.get(part);
    if (log === undefined) {
      log = new FailureLog(this.options.logger, { failed: 'writes to the data folder fail; they are refused and tried again, and readiness fails until they succeed', recovered: 'writes to the data folder succeed again' }, this.nowMs);
      this.failing.set(part, log);
    }
    log.failed(error, { part });
    this.spaceBack = false;
    this.since ??= this.nowMs();
    this.startProbing();
  }

  succeeded(part: string): void {
    const log = this.failing.get(part);
    if (log === undefined) return;
    log.succeeded({ part });
    this.failing.delete(part);
    if (this.failing.size === 0) this.allWell();
  }

  /** Ready when no part is failing, or a test write found space since the last failure. */
  ready(): boolean {
    return this.unrecoverable === undefined && (this.failing.size === 0 || this.spaceBack);
  }

  liveness(): LivenessReport {
    if (this.unrecoverable !== undefined) return { live: false, reason: `${this.unrecoverable.part}: ${this.unrecoverable.reason}` };
    const { failingLiveMs } = this.options;
    if (this.since !== undefined && failingLiveMs > 0 && this.nowMs() - this.since >= failingLiveMs) {
      return { live: false, reason: `writes to the data folder have failed for ${Math.round((this.nowMs() - this.since) / 1000)} s (${[...this.failing.keys()].join(', ')})` };
    }
    return { live: true };
  }

  /** Stops the test writes. */
  async close(): Promise<void> {
    this.stopProbing();
  }

  private allWell(): void {
    this.since = undefined;
    this.spaceBack = false;
    this.stopProbing();
  }

  private stopProbing(): void {
    clearInterval(this.prober);
    this.prober = undefined;
  }

  private startProbing(): void {
    if (this.prober !== undefined || this.unrecoverable !== undefined) return;
    this.prober = setInterval(() => void this.probe(), this.options.probeIntervalMs);
    this.prober.unref();
  }

  /** A test write; when it succeeds the server is ready again and the failing period ends. */
  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    const path = join(this.options.root, PROBE_FILE);
    try {
      const handle = await open(path, 'w');
      try {
        await handle.write(Buffer.alloc(PROBE_BYTES));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.spaceBack = true;
      this.since = undefined;
      this.stopProbing();
    } catch {
      // Still full: the parts stay failing, and their own logs said so once.
    } finally {
      await rm(path, { force: true }).catch(() => undefined);
      this.probing = false;
    }
  }
}
