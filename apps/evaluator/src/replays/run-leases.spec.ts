import { createLogger } from '@vigil/observability';
import { RunLeases, type LeaseStore } from './run-leases';

/** Leases in memory: each key's expiry, on a clock the test moves. */
function memoryLeases(): { store: LeaseStore; live: (nowMs: number) => string[]; clock: { now: number } } {
  const clock = { now: 0 };
  const expiry = new Map<string, number>();
  const store: LeaseStore = {
    hold: (keys, ttlMs) => Promise.resolve(void keys.forEach((key) => expiry.set(key, clock.now + ttlMs))),
  };
  return { store, clock, live: (nowMs) => [...expiry].filter(([, at]) => at > nowMs).map(([key]) => key) };
}

describe('RunLeases', () => {
  afterEach(() => vi.useRealTimers());

  it('holds a lease from the take, renews it while the run lasts, and lets it lapse after the end', async () => {
    vi.useFakeTimers();
    const { store, clock, live } = memoryLeases();
    const leases = new RunLeases(store, createLogger({ service: 'test', level: 'silent' }), 30_000, 10_000);
    await leases.begin('lease:replay:a');
    // Past the first TTL: renewed every 10 s, so still held.
    for (let n = 1; n <= 5; n++) {
      clock.now = n * 10_000;
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(live(clock.now + 1)).toEqual(['lease:replay:a']);
    await leases.end('lease:replay:a');
    expect(leases.keys()).toEqual([]);
    // Renewed once at the end, for an ingest still reading the end record; gone a TTL later.
    expect(live(clock.now + 29_999)).toEqual(['lease:replay:a']);
    expect(live(clock.now + 30_000)).toEqual([]);
  });

  it('refuses a run whose lease could not be set', async () => {
    const leases = new RunLeases({ hold: () => Promise.reject(new Error('Redis is down')) }, createLogger({ service: 'test', level: 'silent' }));
    await expect(leases.begin('lease:replay:a')).rejects.toThrow('Redis is down');
    expect(leases.keys()).toEqual([]);
  });
});
