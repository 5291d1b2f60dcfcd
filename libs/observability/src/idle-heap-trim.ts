import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleHeapTrimOptions {
  /** How often the process's CPU time is looked at, ms; default 1 s. */
  readonly intervalMs?: number;
  /** CPU time in an interval, as a share of it, under which the process counts as idle; default 2 %. */
  readonly idleShare?: number;
  /** The process's CPU time so far, µs; default process.cpuUsage()'s user + system. */
  readonly cpuMicros?: () => number;
  /** Collects garbage and gives memory back; default V8's last-resort collection. */
  readonly trim?: () => void;
  /** The heap's committed size, bytes; default V8's `total_heap_size`. */
  readonly heapBytes?: () => number;
  /** How much the committed heap must have grown since the last trim for another; default 4 MiB. */
  readonly growthBytes?: number;
  /** The most intervals the backoff waits between two trims; default 64. */
  readonly maxGapIntervals?: number;
}

export interface IdleHeapTrim {
  /** Trims so far. */
  readonly trims: number;
  /** Looks at the last interval now (what the timer does). */
  check(): void;
  stop(): void;
}

/**
 * Gives the heap's spare memory back once a process goes idle. V8 grows its young generation to
 * 2 x 16 MiB while a process is busy (loading its modules at start is enough) and keeps it
 * committed while no garbage collection runs, which is all of the time an idle server sits
 * waiting: V8's own memory reducer never starts then, as it measures the allocation rate at
 * collections only (`--trace-memory-reducer` says "high alloc" forever). A smaller young
 * generation for good (`--max-semi-space-size`) cost a busy server throughput, so instead one
 * last-resort collection (the one V8 runs before running out of memory: shrinks the young
 * generation to 1 MiB and compacts) runs when an interval used under `idleShare` of a core after
 * one that did not (or after start). The young generation grows back within a few collections
 * once work returns. The collection takes tens of milliseconds for a small heap, once per busy
 * spell, while nothing else waits.
 *
 * A process that hovers about `idleShare` (busy and idle intervals taking turns) must not pay a
 * full collection every other interval, so a trim also needs the committed heap to have grown by
 * `growthBytes` since the last one (there is memory to give back), and trims that come close
 * together back off: each waits twice as many intervals as the one before (up to
 * `maxGapIntervals`) until one comes after a long quiet, which starts the backoff over.
 */
export function startIdleHeapTrim(options: IdleHeapTrimOptions = {}): IdleHeapTrim {
  const intervalMs = options.intervalMs ?? 1_000;
  const idleMicros = intervalMs * 1_000 * (options.idleShare ?? 0.02);
  const cpuMicros = options.cpuMicros ?? processCpuMicros;
  const trim = options.trim ?? lastResortCollection();
  const heapBytes = options.heapBytes ?? committedHeapBytes;
  const growthBytes = options.growthBytes ?? 4 * 1024 * 1024;
  const maxGap = options.maxGapIntervals ?? 64;
  let last = cpuMicros();
  let trimmed = false;
  let trims = 0;
  // Before the first trim the start-up's growth counts, so the first idle interval trims.
  let heapAfterTrim = 0;
  let sinceTrim = Number.POSITIVE_INFINITY;
  let gap = 1;
  const check = (): void => {
    const now = cpuMicros();
    const used = now - last;
    last = now;
    sinceTrim++;
    if (used >= idleMicros) {
      trimmed = false;
      return;
    }
    if (trimmed || sinceTrim < gap || heapBytes() - heapAfterTrim < growthBytes) return;
    trim();
    trimmed = true;
    trims++;
    gap = sinceTrim < 4 * gap ? Math.min(gap * 2, maxGap) : 1;
    sinceTrim = 0;
    heapAfterTrim = heapBytes();
    // The collection's own CPU time must not count as work in the next interval.
    last = cpuMicros();
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return {
    get trims() {
      return trims;
    },
    check,
    stop: () => clearInterval(timer),
  };
}

function committedHeapBytes(): number {
  return getHeapStatistics().total_heap_size;
}

function processCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

type GcFunction = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * V8's `gc()` from a context made while `--expose-gc` is on, so the process needs no flag and no
 * global `gc` appears in its own context; the flag is turned off again at once.
 */
function lastResortCollection(): () => void {
  setFlagsFromString('--expose-gc');
  try {
    const gc = runInNewContext('gc') as GcFunction;
    return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
