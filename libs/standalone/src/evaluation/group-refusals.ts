import type { Logger } from '@vigil/observability';

/** At most one line per task in this long about refused groups. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * Points of new groups refused because their task holds its most groups: counted by the metrics
 * on every step, logged once per task per minute with how many were refused since the last line.
 */
export class GroupRefusals {
  private readonly byTask = new Map<string, { pending: number; loggedAt: number | undefined }>();

  constructor(
    private readonly logger: Logger,
    private readonly nowMs: () => number,
    private readonly limit: number | undefined,
  ) {}

  refused(task: string, count: number): void {
    const state = this.byTask.get(task) ?? { pending: 0, loggedAt: undefined };
    state.pending += count;
    const now = this.nowMs();
    if (state.loggedAt === undefined || now - state.loggedAt >= REFUSAL_LOG_INTERVAL_MS) {
      this.logger.warn({ task, refused: state.pending, limit: this.limit }, 'points of new groups refused: the task holds its most groups (--max-groups-per-task); its existing groups go on');
      state.pending = 0;
      state.loggedAt = now;
    }
    this.byTask.set(task, state);
  }
}
