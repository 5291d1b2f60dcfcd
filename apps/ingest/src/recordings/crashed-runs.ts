import type { Logger } from '@vigil/observability';
import type { LeasedRun, RecordingRecord, ReplayRecord } from '@vigil/topic-contract';

/** How often ingest looks for runs whose evaluator stopped. */
export const CRASHED_RUNS_SWEEP_MS = 10_000;
/** Beyond the take timeout, how long a run may be without a lease: an evaluator sets it as it takes the run. */
export const CRASHED_RUNS_GRACE_MS = 5_000;

export interface CrashedRunsOptions {
  readonly replays: { list(): readonly ReplayRecord[]; failRunning(id: string, reason: string): Promise<void> };
  readonly recordings: { list(): readonly RecordingRecord[]; failRunning(id: string, reason: string): Promise<void> };
  /** Whether an evaluator holds each run's lease; undefined while Redis is not connected (nothing is then judged). */
  readonly leasesHeld: (runs: readonly LeasedRunRef[]) => Promise<boolean[] | undefined>;
  /** A run asked for longer ago than this (REPLAY_TAKE_TIMEOUT_MS plus a grace) was taken, or written failed, by then. */
  readonly staleAfterMs: number;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

export interface LeasedRunRef {
  readonly run: LeasedRun;
  readonly id: string;
}

/**
 * Kapacitor marks the replays and recordings a crash cut off failed at its next start
 * (`markFailedReplays`, `markFailedRecordings`). In the distributed mode the evaluator that runs
 * one keeps a lease on it in Redis (RunLeases); ingest writes a run still `running` past the take
 * timeout whose lease is gone failed, every CRASHED_RUNS_SWEEP_MS. Stream recordings are time
 * ranges no evaluator runs, so they are not judged. Several ingests may write the same failed
 * record: the records are equal but for nothing that matters.
 */
export class CrashedRuns {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(private readonly options: CrashedRunsOptions) {}

  start(intervalMs = CRASHED_RUNS_SWEEP_MS): void {
    this.timer ??= setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => {
          this.options.logger.warn({ err: error }, 'the sweep for replays and recordings whose evaluator stopped failed; trying again at the next');
          return 0;
        })
        .finally(() => (this.sweeping = undefined));
    }, intervalMs).unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Writes failed the running runs whose lease is gone; resolves to how many. */
  async sweep(): Promise<number> {
    const { replays, recordings, staleAfterMs, nowMs } = this.options;
    const stale = (date: string): boolean => nowMs() - Date.parse(date) > staleAfterMs;
    const runs: LeasedRunRef[] = [
      ...replays.list().flatMap((replay) => (replay.status === 'running' && stale(replay.date) ? [{ run: 'replay' as const, id: replay.id }] : [])),
      ...recordings.list().flatMap((recording) => (recording.source === 'query' && recording.status === 'running' && stale(recording.date) ? [{ run: 'recording' as const, id: recording.id }] : [])),
    ];
    if (runs.length === 0) return 0;
    const held = await this.options.leasesHeld(runs);
    if (held === undefined) return 0;
    const crashed = runs.filter((_, n) => held[n] === false);
    for (const { run, id } of crashed) {
      const reason = `the evaluator running it stopped before it ended (no lease on it in Redis for ${run} ${id})`;
      this.options.logger.warn({ [run]: id }, `a running ${run} has no evaluator any more; written failed`);
      await (run === 'replay' ? replays : recordings).failRunning(id, reason);
    }
    return crashed.length;
  }
}
