import type { Logger } from '@vigil/observability';
import { errorCodeOf, isSpaceError } from './write-health';

/**
 * Logs a failure that is retried (a full disk, a file that cannot be written) once when it starts
 * and once when it ends, with the error's code and message: a retry every second, or one per
 * event, would otherwise write thousands of identical lines while nothing changes. A full disk
 * gets no stack (it says nothing about the code); any other error keeps its stack on that line.
 */
export class FailureLog {
  private since: number | undefined;
  private attempts = 0;

  constructor(
    private readonly logger: Logger,
    private readonly messages: { readonly failed: string; readonly recovered: string },
    private readonly nowMs: () => number = Date.now,
  ) {}

  failed(error: unknown, fields: Record<string, unknown> = {}): void {
    this.attempts += 1;
    if (this.since !== undefined) return;
    this.since = this.nowMs();
    const cause = isSpaceError(error) ? { code: errorCodeOf(error), reason: error instanceof Error ? error.message : String(error) } : { err: error };
    this.logger.error({ ...fields, ...cause }, this.messages.failed);
  }

  succeeded(fields: Record<string, unknown> = {}): void {
    if (this.since === undefined) return;
    this.logger.info({ ...fields, failedForMs: this.nowMs() - this.since, failedAttempts: this.attempts }, this.messages.recovered);
    this.since = undefined;
    this.attempts = 0;
  }

  /** When the failure started; undefined while all is well. */
  failingSince(): number | undefined {
    return this.since;
  }
}
