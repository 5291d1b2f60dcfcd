import { getHeapSpaceStatistics } from 'node:v8';
import { startIdleHeapTrim } from './idle-heap-trim';

/** A clock of CPU time the spec advances by hand. */
function cpuClock(): { now: () => number; spend: (micros: number) => void } {
  let micros = 0;
  return { now: () => micros, spend: (spent) => (micros += spent) };
}

describe('startIdleHeapTrim', () => {
  it('trims once per idle spell: after start, then again only after a busy interval', () => {
    const cpu = cpuClock();
    const trim = vi.fn();
    const idle = startIdleHeapTrim({ intervalMs: 1_000, idleShare: 0.02, cpuMicros: cpu.now, trim });
    try {
      cpu.spend(5_000);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(1);
      cpu.spend(5_000);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(1);
      cpu.spend(300_000);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(1);
      cpu.spend(19_999);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(2);
      expect(idle.trims).toBe(2);
    } finally {
      idle.stop();
    }
  });

  it('does not count the trim\'s own CPU time as work', () => {
    const cpu = cpuClock();
    const trim = vi.fn(() => cpu.spend(500_000));
    const idle = startIdleHeapTrim({ intervalMs: 1_000, cpuMicros: cpu.now, trim });
    try {
      idle.check();
      idle.check();
      cpu.spend(100_000);
      idle.check();
      cpu.spend(1_000);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(2);
    } finally {
      idle.stop();
    }
  });

  it('by default shrinks V8\'s young generation to its smallest', () => {
    // Churn enough short-lived garbage that the young generation grows past its smallest size.
    let keep: unknown[] = [];
    for (let round = 0; round < 200; round++) keep = Array.from({ length: 20_000 }, (_, i) => ({ i, round }));
    expect(keep.length).toBe(20_000);
    const youngBefore = youngGenerationBytes();
    const idle = startIdleHeapTrim({ cpuMicros: () => 0 });
    try {
      idle.check();
      expect(idle.trims).toBe(1);
      expect(youngGenerationBytes()).toBeLessThan(youngBefore);
      expect(youngGenerationBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
    } finally {
      idle.stop();
    }
  });
});

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}
