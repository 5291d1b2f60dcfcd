import type { Point } from '@vigil/core';
import { greater, less, sortByValue, wrapInt64, type Kind, type Value } from './field-kind';

/** One accepted point of a batch: its field value, time and the point itself (for selectors). */
export interface Entry {
  readonly value: Value;
  readonly time: bigint;
  readonly point: Point;
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

export type Reducer = (entries: readonly Entry[], kind: Kind, percentile: number) => Reduced[];

const aggregate = (value: Value): Reduced[] => [{ value, time: null }];
const select = (entry: Entry): Reduced => ({ value: entry.value, time: entry.time, point: entry.point });

export const countReducer: Reducer = (entries) => aggregate(BigInt(entries.length));

export const sumReducer: Reducer = (entries, kind) => {
  if (kind === 'int') return aggregate(wrapInt64(entries.reduce((sum, entry) => sum + (entry.value as bigint), 0n)));
  let sum = 0;
  for (const entry of entries) sum += entry.value as number;
  return aggregate(sum);
};

export const meanReducer: Reducer = (entries, kind) => {
  if (kind === 'int') return aggregate(Number(wrapInt64(entries.reduce((sum, entry) => sum + (entry.value as bigint), 0n))) / entries.length);
  let sum = 0;
  for (const entry of entries) sum += entry.value as number;
  return aggregate(sum / entries.length);
};

/** Even counts give `low + (high - low) / 2`, in float64 (int64 for the difference of ints). */
export const medianReducer: Reducer = (entries, kind) => {
  if (entries.length === 1) return aggregate(Number((entries[0] as Entry).value));
  const sorted = sortByValue(entries);
  const middle = Math.floor(sorted.length / 2);
  const high = (sorted[middle] as Entry).value;
  if (sorted.length % 2 === 1) return aggregate(Number(high));
  const low = (sorted[middle - 1] as Entry).value;
  if (kind === 'int') return aggregate(Number(low) + Number(wrapInt64((high as bigint) - (low as bigint))) / 2);
  return aggregate((low as number) + ((high as number) - (low as number)) / 2);
};

/**
 * InfluxQL's mode scan over the values sorted: a run of equal values replaces the current mode
 * when it reaches the same frequency, unless the run began later than the mode's latest point.
 * Reproduced as written, including which times it compares.
 */
export const modeReducer: Reducer = (entries) => {
  if (entries.length === 1) return aggregate((entries[0] as Entry).value);
  const sorted = sortByValue(entries);
  const first = sorted[0] as Entry;
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

export const spreadReducer: Reducer = (entries, kind) => {
  const first = (entries[0] as Entry).value;
  if (kind === 'int') {
    let min = first as bigint;
    let max = min;
    for (const entry of entries) {
      const value = entry.value as bigint;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return aggregate(wrapInt64(max - min));
  }
  let min = first as number;
  let max = min;
  for (const entry of entries) {
    min = Math.min(min, entry.value as number);
    max = Math.max(max, entry.value as number);
  }
  return aggregate(max - min);
};

/**
 * Sample standard deviation (n - 1), mean by running update, NaN floats skipped. Fewer than two
 * points give 0: InfluxQL returns a nil point, which Kapacitor emits with a zero value.
 */
export const stddevReducer: Reducer = (entries) => {
  if (entries.length < 2) return aggregate(0);
  let mean = 0;
  let count = 0;
  for (const entry of entries) {
    const value = Number(entry.value);
    if (Number.isNaN(value)) continue;
    count++;
    mean += (value - mean) / count;
  }
  let variance = 0;
  for (const entry of entries) {
    const value = Number(entry.value);
    if (Number.isNaN(value)) continue;
    variance += (value - mean) * (value - mean);
  }
  return aggregate(Math.sqrt(variance / (count - 1)));
};

type Better = (current: Entry, best: Entry) => boolean;

function selector(better: Better): Reducer {
  return (entries) => {
    let best: Entry | undefined;
    for (const entry of entries) if (!best || better(entry, best)) best = entry;
    return best ? [select(best)] : [];
  };
}

/** Earliest time; among equal times the greater value (false before true for bools). */
export const firstReducer = selector(
  (c, b) => c.time < b.time || (c.time === b.time && (typeof c.value === 'boolean' ? !c.value && b.value === true : greater(c.value, b.value))),
);

/** Latest time; among equal times the greater value (true for bools). */
export const lastReducer = selector((c, b) => c.time > b.time || (c.time === b.time && greater(c.value, b.value)));

/** Smallest value; among equal values the earliest time, then the first seen. */
export const minReducer = selector((c, b) => less(c.value, b.value) || (c.value === b.value && c.time < b.time));

export const maxReducer = selector((c, b) => greater(c.value, b.value) || (c.value === b.value && c.time < b.time));

/** Nearest rank: index floor(n * p / 100 + 0.5) - 1 of the sorted values; out of range gives nothing. */
export const percentileReducer: Reducer = (entries, _kind, percentile) => {
  const index = Math.floor((entries.length * percentile) / 100 + 0.5) - 1;
  if (index < 0 || index >= entries.length) return [];
  return [select(sortByValue(entries)[index] as Entry)];
};

/** One output per distinct value (its first occurrence), ordered by time and then value. */
export const distinctReducer: Reducer = (entries) => {
  const firstByValue = new Map<Value, Entry>();
  for (const entry of entries) if (!firstByValue.has(entry.value)) firstByValue.set(entry.value, entry);
  return [...firstByValue.values()]
    .sort((a, b) => (a.time !== b.time ? (a.time < b.time ? -1 : 1) : less(a.value, b.value) ? -1 : less(b.value, a.value) ? 1 : 0))
    .map((entry) => ({ value: entry.value, time: entry.time }));
};
