import { getHeapSpaceStatistics } from 'node:v8';
import { startIdleHeapTrim } from './idle-heap-trim';

/** A clock of CPU time the spec advances by hand. */
function cpuClock(): { now: () => number; spend: (micros: number) => void } {
  let micros = 0;
  return { now: () => micros, spend: (spent) => (micros += spent) };
}

const MIB = 1024 * 1024;

/** A committed-heap reading the spec sets by hand (the real one starts above the growth threshold). */
function heapGauge(): { read: () => number; grow: (bytes: number) => void } {
  let bytes = 20 * MIB;
  return { read: () => bytes, grow: (grown) => (bytes += grown) };
}

/** Runs `intervals` checks, busy (10 % of a core) on every other one and idle between, the heap growing by `growth` in each busy one. */
function alternate(intervals: number, growth: number): number {
  const cpu = cpuClock();
  const heap = heapGauge();
  const trim = vi.fn();
  const idle = startIdleHeapTrim({ intervalMs: 1_000, idleShare: 0.02, cpuMicros: cpu.now, heapBytes: heap.read, trim });
  try {
    for (let interval = 1; interval <= intervals; interval++) {
      const busy = interval % 2 === 0;
      cpu.spend(busy ? 100_000 : 1_000);
      if (busy) heap.grow(growth);
      idle.check();
    }
    expect(idle.trims).toBe(trim.mock.calls.length);
    return idle.trims;
  } finally {
    idle.stop();
  }
}

describe('startIdleHeapTrim', () => {
  it('trims a process that hovers about the idle share once when its heap does not grow', () => {
    expect(alternate(200, 0)).toBe(1);
    // Half a MiB per busy interval reaches the 4 MiB threshold every 16 intervals: trims at 1, 17, ... 193.
    expect(alternate(200, MIB / 2)).toBe(13);
  });

  it('backs off when trims come close together: after start, then waiting 1, 2, 4, ... 64 intervals', () => {
    // Idle on odd intervals: trims at 1, 3, 5, 9, 17, 33, 65, 129 and 193 of 200.
    expect(alternate(200, 8 * MIB)).toBe(9);
    // At most one per 64 intervals once backed off: 8 more in the next 512 intervals.
    expect(alternate(712, 8 * MIB)).toBe(9 + 8);
  });

  it('runs a trim the backoff held once its gap has passed, and starts the backoff over after a long quiet', () => {
    const cpu = cpuClock();
    const heap = heapGauge();
    const idle = startIdleHeapTrim({ intervalMs: 1_000, cpuMicros: cpu.now, heapBytes: heap.read, trim: () => undefined, maxGapIntervals: 8 });
    const interval = (busy: boolean): void => {
      cpu.spend(busy ? 100_000 : 0);
      if (busy) heap.grow(8 * MIB);
      idle.check();
    };
    const quiet = (intervals: number): void => {
      for (let n = 0; n < intervals; n++) interval(false);
    };
    try {
      // Trims at 1, 3, 5 and 9: the gap is now 8 intervals.
      for (let n = 1; n <= 10; n++) interval(n % 2 === 0);
      expect(idle.trims).toBe(4);
      // Busy at 11, idle from 12: held until 17, 8 intervals after the last trim.
      interval(true);
      quiet(5);
      expect(idle.trims).toBe(4);
      quiet(1);
      expect(idle.trims).toBe(5);
      // Over 4 gaps of quiet: the next spell trims at once, and the one after it one interval later.
      quiet(40);
      interval(true);
      interval(false);
      expect(idle.trims).toBe(6);
      interval(true);
      interval(false);
      expect(idle.trims).toBe(7);
    } finally {
      idle.stop();
    }
  });

  it('trims once per idle spell: after start, then again only after a busy interval', () => {
    const cpu = cpuClock();
    const heap = heapGauge();
    const trim = vi.fn();
    const idle = startIdleHeapTrim({ intervalMs: 1_000, idleShare: 0.02, cpuMicros: cpu.now, heapBytes: heap.read, trim });
    try {
      cpu.spend(5_000);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(1);
      cpu.spend(5_000);
      idle.check();
      expect(trim).toHaveBeenCalledTimes(1);
      cpu.spend(300_000);
      heap.grow(8 * MIB);
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
    const heap = heapGauge();
    const trim = vi.fn(() => cpu.spend(500_000));
    const idle = startIdleHeapTrim({ intervalMs: 1_000, cpuMicros: cpu.now, heapBytes: heap.read, trim });
    try {
      idle.check();
      idle.check();
      cpu.spend(100_000);
      heap.grow(8 * MIB);
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
