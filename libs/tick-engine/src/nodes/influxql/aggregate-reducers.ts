import type { Point } from '@vigil/core';
import { greater, less, sortByValue, wrapInt64, type Kind, type Value } from './field-kind';

/**
 * The accepted points of a batch as parallel arrays: the field values, the point times, and the
 * points themselves (which selectors output; absent for a batch given as a column). Arrays
 * rather than one object per point keep the per-window work to what the reduction needs.
 */
export interface Accepted {
  readonly values: readonly Value[];
  readonly times: readonly bigint[];
  readonly points?: readonly Point[];
}

/**
 * One output of a reducer. `time` is null for InfluxQL's ZeroTime (aggregates), in which case the
 * output takes the batch time even with usePointTimes; selectors set it and carry their point.
 */
export interface Reduced {
  readonly value: Value;
  readonly time: bigint | null;
  readonly point?: Point;
}

export type Reducer = (accepted: Accepted, kind: Kind, percentile: number) => Reduced[];

const aggregate = (value: Value): Reduced[] => [{ value, time: null }];

function select({ values, times, points }: Accepted, index: number): Reduced {
  const point = points?.[index];
  return point ? { value: values[index] as Value, time: times[index] as bigint, point } : { value: values[index] as Value, time: times[index] as bigint };
}

function intSum(values: readonly Value[]): bigint {
  let sum = 0n;
  for (const value of values) sum += value as bigint;
  return wrapInt64(sum);
}

function floatSum(values: readonly Value[]): number {
  let sum = 0;
  for (const value of values) sum += value as number;
  return sum;
}

export const countReducer: Reducer = ({ values }) => aggregate(BigInt(values.length));

export const sumReducer: Reducer = ({ values }, kind) => aggregate(kind === 'int' ? intSum(values) : floatSum(values));

export const meanReducer: Reducer = ({ values }, kind) => aggregate((kind === 'int' ? Number(intSum(values)) : floatSum(values)) / values.length);

/** The values in ascending order (numbers and int64 sort natively; NaN goes last). */
function sortedNumbers(values: readonly Value[], kind: Kind): Float64Array | BigInt64Array {
  return kind === 'int' ? BigInt64Array.from(values as bigint[]).sort() : Float64Array.from(values as number[]).sort();
}

/** Even counts give `low + (high - low) / 2`, in float64 (int64 for the difference of ints). */
export const medianReducer: Reducer = ({ values }, kind) => {
  if (values.length === 1) return aggregate(Number(values[0]));
  const sorted = sortedNumbers(values, kind);
  const middle = Math.floor(sorted.length / 2);
  const high = sorted[middle] as number | bigint;
  if (sorted.length % 2 === 1) return aggregate(Number(high));
  const low = sorted[middle - 1] as number | bigint;
  if (kind === 'int') return aggregate(Number(low) + Number(wrapInt64((high as bigint) - (low as bigint))) / 2);
  return aggregate((low as number) + ((high as number) - (low as number)) / 2);
};

/**
 * InfluxQL's mode scan over the values sorted: a run of equal values replaces the current mode
 * when it reaches the same frequency, unless the run began later than the mode's latest point.
 * Reproduced as written, including which times it compares.
 */
export const modeReducer: Reducer = ({ values, times }) => {
  if (values.length === 1) return aggregate(values[0] as Value);
  const sorted = sortByValue(values.map((value, i) => ({ value, time: times[i] as bigint })));
  const first = sorted[0] as { value: Value; time: bigint };
  let mostFrequency = 0;
  let currentFrequency = 0;
  let currentMode = first.value;
  let mostMode = first.value;
  let mostTime = first.time;
  let currentTime = first.time;
  for (const entry of sorted) {
    if (entry.value !== currentMode) {
      currentFrequency = 1;
      currentMode = entry.value;
      currentTime = entry.time;
      continue;
    }
    currentFrequency++;
    if (mostFrequency > currentFrequency || (mostFrequency === currentFrequency && currentTime > mostTime)) continue;
    mostFrequency = currentFrequency;
    mostMode = entry.value;
    mostTime = entry.time;
  }
  return aggregate(mostMode);
};

export const spreadReducer: Reducer = ({ values }, kind) => {
  if (kind === 'int') {
    let min = values[0] as bigint;
    let max = min;
    for (const value of values as bigint[]) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return aggregate(wrapInt64(max - min));
  }
  let min = values[0] as number;
  let max = min;
  for (const value of values as number[]) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return aggregate(max - min);
};

/**
 * Sample standard deviation (n - 1), mean by running update, NaN floats skipped. Fewer than two
 * points give 0: InfluxQL returns a nil point, which Kapacitor emits with a zero value.
 */
export const stddevReducer: Reducer = ({ values }) => {
  if (values.length < 2) return aggregate(0);
  let mean = 0;
  let count = 0;
  for (const raw of values) {
    const value = Number(raw);
    if (Number.isNaN(value)) continue;
    count++;
    mean += (value - mean) / count;
  }
  let variance = 0;
  for (const raw of values) {
    const value = Number(raw);
    if (Number.isNaN(value)) continue;
    variance += (value - mean) * (value - mean);
  }
  return aggregate(Math.sqrt(variance / (count - 1)));
};

/** `better(candidate, best)` over (value, time) pairs, as InfluxQL's reduce functions compare. */
type Better = (value: Value, time: bigint, bestValue: Value, bestTime: bigint) => boolean;

function selector(better: Better): Reducer {
  return (accepted) => {
    const { values, times } = accepted;
    if (values.length === 0) return [];
    let best = 0;
    for (let i = 1; i < values.length; i++) {
      if (better(values[i] as Value, times[i] as bigint, values[best] as Value, times[best] as bigint)) best = i;
    }
    return [select(accepted, best)];
  };
}

/** Earliest time; among equal times the greater value (false before true for bools). */
export const firstReducer = selector(
  (v, t, bv, bt) => t < bt || (t === bt && (typeof v === 'boolean' ? !v && bv === true : greater(v, bv))),
);

/** Latest time; among equal times the greater value (true for bools). */
export const lastReducer = selector((v, t, bv, bt) => t > bt || (t === bt && greater(v, bv)));

/** Smallest value; among equal values the earliest time, then the first seen. */
export const minReducer = selector((v, t, bv, bt) => less(v, bv) || (v === bv && t < bt));

export const maxReducer = selector((v, t, bv, bt) => greater(v, bv) || (v === bv && t < bt));

/**
 * Nearest rank: index floor(n * p / 100 + 0.5) - 1 of the sorted values; out of range gives
 * nothing. Among equal values the earlier point in the batch ranks first (a stable sort; Go's
 * sort.Sort leaves them unspecified).
 */
export const percentileReducer: Reducer = (accepted, kind, percentile) => {
  const { values } = accepted;
  const rank = Math.floor((values.length * percentile) / 100 + 0.5) - 1;
  if (rank < 0 || rank >= values.length) return [];
  const selected = nthSmallest(values, kind, rank);
  // Equal values keep their batch order: the selected one is the (rank - smaller)-th of its equals.
  let occurrence = rank;
  for (const value of values) if ((value as number) < (selected as number)) occurrence--;
  for (let i = 0; i < values.length; i++) {
    if (sameNumber(values[i] as Value, selected) && occurrence-- === 0) return [select(accepted, i)];
  }
  return [];
};

/**
 * The k-th smallest value (0-based), by quickselect: percentile needs one rank, not the whole
 * order. NaN values, which a sort puts last, take the sorting path.
 */
function nthSmallest(values: readonly Value[], kind: Kind, k: number): number | bigint {
  const copy = kind === 'int' ? BigInt64Array.from(values as bigint[]) : Float64Array.from(values as number[]);
  if (kind !== 'int' && (values as number[]).some((value) => value !== value)) return copy.sort()[k] as number;
  let low = 0;
  let high = copy.length - 1;
  while (low < high) {
    const pivot = copy[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((copy[i] as number) < pivot) i++;
      while ((copy[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = copy[i] as number;
        copy[i++] = copy[j] as number;
        copy[j--] = swap;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else break;
  }
  return copy[k] as number | bigint;
}

/** Equality as the sort sees it: NaN equals NaN. */
function sameNumber(a: Value, b: number | bigint): boolean {
  return a === b || (a !== a && b !== b);
}

/** One output per distinct value (its first occurrence), ordered by time and then value. */
export const distinctReducer: Reducer = ({ values, times }) => {
  const firstByValue = new Map<Value, bigint>();
  values.forEach((value, i) => {
    if (!firstByValue.has(value)) firstByValue.set(value, times[i] as bigint);
  });
  return [...firstByValue]
    .sort(([a, at], [b, bt]) => (at !== bt ? (at < bt ? -1 : 1) : less(a, b) ? -1 : less(b, a) ? 1 : 0))
    .map(([value, time]) => ({ value, time }));
};
