/**
 * The sensor of shared seed 002, written out as line protocol: every second one point of
 * measurement `sensor` with the three values the seed describes, `load` (sine-like, the load
 * average of an 8-core server), `random` (an integer meant to be uniform in [4,000,000,
 * 8,000,000]) and `counter` (the number of times the sensor tried to send, rising by 1 a second).
 * Twelve minutes from 2024-05-06T08:00:00Z, plus one point at 08:12:00 that closes the last
 * minute's window. The faults each rule must catch are placed by hand (SCRIPT below); everything
 * else comes from a seeded generator, so the file is the same on every run.
 *
 *   npx tsx examples/sensor/sensor-data.ts > examples/sensor/sensor.lp
 */

/** 2024-05-06T08:00:00Z in seconds. */
export const START_SECONDS = Date.UTC(2024, 4, 6, 8, 0, 0) / 1000;

/** Seconds of data; second 720 (08:12:00) only closes minute 11's windows. */
export const SECONDS = 721;

/** One point as the sensor runner writes it. */
export interface SensorPoint {
  readonly second: number;
  /** The seed's "special tag" for a sensor defect: all three values 0 at once. */
  readonly outlier: boolean;
  readonly load: number;
  readonly random: number;
  readonly counter: number;
}

/** What happens minute by minute: the load's centre, whether it is stuck, the random range and the counter's step. */
interface Minute {
  readonly load: number;
  readonly stuck?: boolean;
  readonly narrow?: boolean;
  readonly step?: 'fast' | 'stopped' | 'slow';
}

/** Minute 0 to 11 (and the closing point, which takes minute 11's shape). */
const SCRIPT: readonly Minute[] = [
  { load: 6.5 },
  { load: 7.4 },
  { load: 7.6 },
  { load: 7.8, step: 'fast' },
  { load: 6.8, narrow: true },
  { load: 6.2, narrow: true },
  { load: 6.0, stuck: true },
  { load: 4.6, step: 'stopped' },
  { load: 1.2, step: 'slow' },
  { load: 5.5, narrow: true },
  { load: 6.5 },
  { load: 6.5 },
];

/** Random values placed by hand: a value seen 3 times in 25 s (and a 4th time later), 3 times in 40 s, twice in 10 s. */
export const REPEATED = { thrice: 6123457, spread: 4987654, twice: 6543210 } as const;
const PLACED: ReadonlyMap<number, number> = new Map([
  [130, REPEATED.thrice],
  [140, REPEATED.thrice],
  [155, REPEATED.thrice],
  [300, REPEATED.thrice],
  [420, REPEATED.spread],
  [440, REPEATED.spread],
  [460, REPEATED.spread],
  [545, REPEATED.twice],
  [555, REPEATED.twice],
]);

/** Seconds whose reading is the seed's defect (0, 0, 0, tagged `outlier=yes`). */
const OUTLIERS: ReadonlySet<number> = new Set([75, 400]);

/** The sensor restarts here: its counter starts again from 1. */
export const COUNTER_RESET_SECOND = 630;

/** mulberry32: a small seeded generator, so the data needs no dependency and never changes. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function counterStep(minute: Minute, second: number): number {
  if (minute.step === 'fast') return 4;
  if (minute.step === 'stopped') return 0;
  if (minute.step === 'slow') return second % 2;
  return 1;
}

/** The points in time order. */
export function sensorPoints(): SensorPoint[] {
  const next = seeded(2);
  const points: SensorPoint[] = [];
  let counter = 1000;
  for (let second = 0; second < SECONDS; second++) {
    const minute = SCRIPT[Math.min(Math.floor(second / 60), SCRIPT.length - 1)] as Minute;
    const wave = minute.stuck ? 0 : Math.sin((2 * Math.PI * second) / 60);
    const load = Number((minute.load + wave).toFixed(3));
    const [low, high] = minute.narrow ? [5_000_000, 7_500_000] : [4_000_000, 8_000_000];
    const drawn = low + Math.floor(next() * (high - low + 1));
    const random = PLACED.get(second) ?? drawn;
    if (second > 0) counter = second === COUNTER_RESET_SECOND ? 1 : counter + counterStep(minute, second);
    points.push(OUTLIERS.has(second) ? { second, outlier: true, load: 0, random: 0, counter: 0 } : { second, outlier: false, load, random, counter });
  }
  return points;
}

/** The points as line protocol, one line each, nanosecond times. */
export function sensorLines(): string {
  return sensorPoints()
    .map((p) => `sensor,${p.outlier ? 'outlier=yes,' : ''}sensor=s1 load=${p.load},random=${p.random}i,counter=${p.counter}i ${START_SECONDS + p.second}000000000`)
    .join('\n')
    .concat('\n');
}

if (process.argv[1]?.endsWith('sensor-data.ts')) process.stdout.write(sensorLines());
