import type { Dispatcher } from 'undici';

export interface Answer {
  readonly status: number;
  /** At most `keepBodyBytes` of the body, decoded as UTF-8. */
  readonly body: string;
}

/**
 * Reads one exchange's answer straight from undici's dispatch callbacks. `request()` wraps every
 * answer in a Readable stream, an async iterator and an abort-signal bridge, a fifth of the HTTP
 * client's CPU in a burst of small answers that are only counted and dropped (issue 15).
 *
 * Keeps the body's first `keepBodyBytes`; past `maxDrainedBytes` the answer is taken as it is and
 * the connection given up rather than drained. `cut` ends the exchange with its reason: at once
 * if it was already written, else before it is written (undici asks for the controller first).
 */
export class AnswerReader implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private cutReason: Error | undefined;
  private settled = false;
  private status = 0;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private readBytes = 0;

  constructor(
    private readonly keepBodyBytes: number,
    private readonly maxDrainedBytes: number,
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (error: unknown) => void,
    /** Names the errors of the connection itself (a reset, a refusal) for the caller. */
    private readonly socketError: (error: unknown) => unknown,
  ) {}

  cut(reason: Error): void {
    if (this.settled || this.cutReason !== undefined) return;
    this.cutReason = reason;
    if (this.controller !== undefined) this.controller.abort(reason);
    // A request still queued for a connection is dropped when undici gets to it; its caller is
    // answered now, since nothing of it was sent.
    else this.fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.cutReason !== undefined) controller.abort(this.cutReason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.readBytes += chunk.length;
    if (this.keptBytes < this.keepBodyBytes) {
      const part = chunk.length <= this.keepBodyBytes - this.keptBytes ? chunk : chunk.subarray(0, this.keepBodyBytes - this.keptBytes);
      this.kept.push(part);
      this.keptBytes += part.length;
    }
    if (this.readBytes > this.maxDrainedBytes) {
      // The status is known and the kept part read; the connection is given up, not the answer.
      this.succeed();
      controller.abort(new Error('answer body too long to drain; connection closed'));
    }
  }

  onResponseEnd(): void {
    this.succeed();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(this.cutReason ?? this.socketError(error));
  }

  private succeed(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve({ status: this.status, body: this.keptBytes === 0 ? '' : Buffer.concat(this.kept).toString('utf8') });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
