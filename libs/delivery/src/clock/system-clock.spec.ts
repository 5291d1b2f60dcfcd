import { systemClock } from './system-clock';

describe('systemClock', () => {
  it('reads wall time in ms', () => {
    const before = Date.now();
    const now = systemClock.nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('ends a sleep early when its signal aborts', async () => {
    const controller = new AbortController();
    const sleep = systemClock.sleep(3_600_000, controller.signal);
    controller.abort();
    await expect(sleep).resolves.toBeUndefined();
  });

  it('returns at once for an already aborted signal', async () => {
    await expect(systemClock.sleep(3_600_000, AbortSignal.abort())).resolves.toBeUndefined();
  });

  it('wakes after the delay when nothing aborts', async () => {
    vi.useFakeTimers();
    try {
      let woke = false;
      const sleep = systemClock.sleep(50, new AbortController().signal).then(() => (woke = true));
      await vi.advanceTimersByTimeAsync(49);
      expect(woke).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await sleep;
      expect(woke).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
