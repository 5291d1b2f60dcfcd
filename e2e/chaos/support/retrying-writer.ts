import { setTimeout as sleep } from 'node:timers/promises';

/** What the writer did, for the run's notes. */
export interface WriterFigures {
  readonly batches: number;
  /** Requests sent in all, first attempts and retries. */
  readonly attempts: number;
  /** Batches that needed more than one attempt. */
  readonly retried: number;
  /** Answers that were not 2xx, by status ('network' for no answer at all). */
  readonly failures: Readonly<Record<string, number>>;
  /** Batches answered 4xx (other than 408 and 429): a client does not retry those; they are lost. */
  readonly rejected: number;
  /** Batches never sent because one batch failed for longer than `abandonAfterMs`: the writer gave up. */
  readonly abandoned: number;
}

export interface RetryingWriterOptions {
  /** The server's base URL now; asked again before every attempt, as a restarted server may move. */
  readonly baseUrl: () => string;
  /** The query of every write, e.g. `db=vigil&rp=autogen`. */
  readonly query: string;
  /** Called after each batch is acknowledged, with the count acknowledged so far. */
  readonly onAcknowledged?: (acknowledged: number) => void;
  /** Pause after each acknowledged batch, as a writer flushing on an interval would. */
  readonly pauseMs?: number;
  /**
   * A batch still failing after this long ends the stream: that batch and the rest count as
   * abandoned (a server that never recovers would otherwise hold the run forever). Default 180 s.
   */
  readonly abandonAfterMs?: number;
}

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 2_000;
const MAX_RETRY_AFTER_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A writer that behaves as Telegraf's InfluxDB output and the InfluxDB clients do: it sends one
 * batch at a time, in order, and resends a batch until it gets a 2xx, after a network error, a
 * timeout or a 5xx (honouring Retry-After); a 4xx other than 408 and 429 is final and the batch is
 * dropped (counted). A retried batch is sent byte for byte again, so a server that had written
 * the first attempt sees the same points twice: what issue 11 item 1 is about.
 */
export class RetryingWriter {
  private attempts = 0;
  private retried = 0;
  private rejected = 0;
  private readonly failures: Record<string, number> = {};

  constructor(private readonly options: RetryingWriterOptions) {}

  async write(batches: readonly string[]): Promise<WriterFigures> {
    let abandoned = 0;
    for (let index = 0; index < batches.length; index++) {
      if (!(await this.send(batches[index] ?? ''))) {
        abandoned = batches.length - index;
        break;
      }
      this.options.onAcknowledged?.(index + 1);
      if (this.options.pauseMs !== undefined && index + 1 < batches.length) await sleep(this.options.pauseMs);
    }
    return { batches: batches.length, attempts: this.attempts, retried: this.retried, failures: { ...this.failures }, rejected: this.rejected, abandoned };
  }

  /** Sends one batch until it is answered; false when it failed for longer than `abandonAfterMs`. */
  private async send(body: string): Promise<boolean> {
    let backoff = FIRST_BACKOFF_MS;
    const giveUpAt = Date.now() + (this.options.abandonAfterMs ?? 180_000);
    for (let attempt = 1; ; attempt++) {
      this.attempts += 1;
      if (attempt === 2) this.retried += 1;
      const answer = await this.attempt(body);
      if (answer.status >= 200 && answer.status < 300) return true;
      this.failures[answer.label] = (this.failures[answer.label] ?? 0) + 1;
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
        this.rejected += 1;
        return true;
      }
      if (Date.now() >= giveUpAt) return false;
      await sleep(answer.retryAfterMs ?? backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  private async attempt(body: string): Promise<{ status: number; label: string; retryAfterMs?: number }> {
    try {
      const response = await fetch(`${this.options.baseUrl()}/write?${this.options.query}`, { method: 'POST', body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.arrayBuffer();
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : undefined;
      return { status: response.status, label: String(response.status), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    } catch {
      return { status: 0, label: 'network' };
    }
  }
}
