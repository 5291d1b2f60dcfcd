/**
 * Batches concurrent writes so they share one flush (write + fsync). While a flush runs, new
 * submissions queue up; when it ends, everything queued goes out in the next flush. A caller's
 * promise resolves only after the flush that carried its item has completed, so "resolved" means
 * "on disk". Items are flushed in submission order.
 */
export class GroupCommit<T> {
  private queued: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly flush: (items: readonly T[]) => Promise<void>) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  /** Resolves once nothing is queued or being flushed. */
  settled(): Promise<void> {
    return this.flushing ? this.idle : Promise.resolve();
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    this.idle = new Promise<void>((resolve) => (this.markIdle = resolve));
    // Yield once so that appends issued in the same tick join the first flush too.
    await Promise.resolve();
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        await this.flush(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.flushing = false;
    this.markIdle();
  }
}
