import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this long; the error then says what was awaited. */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs?: number;
  /** Describes the awaited condition in the timeout error. */
  readonly what?: string;
}

/**
 * Polls `probe` until it returns something other than `undefined`, `null` or `false`, and returns
 * that value. Errors thrown by the probe count as "not yet" (a server that is still starting
 * refuses connections), and the last one is quoted if time runs out.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitForOptions,
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, undefined | null | false>;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waitFor: ${options.what ?? 'condition'} not met within ${options.timeoutMs} ms${why}`);
    }
    await sleep(intervalMs);
  }
}
