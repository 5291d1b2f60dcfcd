import type { DeliveryClock } from '../delivery-ports';

/**
 * The real clock: wall time from Date.now and a timer that an abort ends early. The timer is
 * unref'd so that a retry waiting for its backoff never keeps a stopping process alive.
 */
export const systemClock: DeliveryClock = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(0, ms));
      timer.unref?.();
      signal.addEventListener('abort', finish, { once: true });
    }),
};
