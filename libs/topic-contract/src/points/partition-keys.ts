import type { Point } from '@vigil/core';

/**
 * Which tags decide the partition of a point, per measurement. Ingest keys every point it writes
 * to the points topic with `partitionKeyFor`, and the evaluator reads the same configuration to
 * decide which tasks can be evaluated where the points land (see task-placement.ts).
 */
export interface PartitionKeys {
  /** Key tags of the measurements named in the configuration, byte-sorted. */
  readonly byMeasurement: ReadonlyMap<string, readonly string[]>;
  /**
   * Key tags of every other measurement (the `*=` entry), byte-sorted; undefined when there is no
   * such entry: those measurements are keyed by their series (measurement and all tags).
   */
  readonly fallback: readonly string[] | undefined;
}

/** A PARTITION_KEYS value that cannot be read; the message says where. */
export class PartitionKeySpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartitionKeySpecError';
  }
}

/** No configuration: every point is keyed by its series. */
export const SERIES_PARTITION_KEYS: PartitionKeys = Object.freeze({ byMeasurement: new Map<string, readonly string[]>(), fallback: undefined });

/**
 * Reads `measurement=tag,tag;other=tag;*=tag` (the PARTITION_KEYS variable). Entries are separated
 * by `;`, the measurement from its tags by the first `=`, tags by `,`; blanks around names are
 * ignored. `*` names the entry for measurements without their own. A measurement with an empty
 * tag list (`cpu=`) sends all its points to one partition. An empty spec means "series keys".
 */
export function parsePartitionKeys(spec: string): PartitionKeys {
  const byMeasurement = new Map<string, readonly string[]>();
  let fallback: readonly string[] | undefined;
  const entries = spec
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals < 0) throw new PartitionKeySpecError(`partition keys: entry "${entry}" has no "=" (expected measurement=tag,tag)`);
    const measurement = entry.slice(0, equals).trim();
    if (measurement === '') throw new PartitionKeySpecError(`partition keys: entry "${entry}" names no measurement (use * for the default)`);
    const tags = entry
      .slice(equals + 1)
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
    if (new Set(tags).size !== tags.length) throw new PartitionKeySpecError(`partition keys: entry "${entry}" repeats a tag`);
    const sorted = Object.freeze(sortBytes(tags));
    if (measurement === '*') {
      if (fallback !== undefined) throw new PartitionKeySpecError('partition keys: "*" appears twice');
      fallback = sorted;
    } else {
      if (byMeasurement.has(measurement)) throw new PartitionKeySpecError(`partition keys: measurement "${measurement}" appears twice`);
      byMeasurement.set(measurement, sorted);
    }
  }
  return Object.freeze({ byMeasurement, fallback });
}

/** The key tags of a measurement, or undefined when it is keyed by series. */
export function keyTagsOf(measurement: string, keys: PartitionKeys): readonly string[] | undefined {
  return keys.byMeasurement.get(measurement) ?? keys.fallback;
}

/**
 * The Kafka message key of a point: `tag=value,tag=value` over the measurement's key tags in byte
 * order (a missing tag counts as empty), or, for a measurement keyed by series, the measurement
 * followed by all its tags the same way. The measurement is deliberately not part of a configured
 * key, so that `*=host` keeps every measurement of one host on one partition.
 */
export function partitionKeyFor(point: Pick<Point, 'name' | 'tags'>, keys: PartitionKeys): string {
  const tags = keyTagsOf(point.name, keys);
  if (tags !== undefined) return tagKey(point.tags, tags);
  const all = sortBytes(Object.keys(point.tags));
  return all.length === 0 ? point.name : `${point.name},${tagKey(point.tags, all)}`;
}

/** `k=v,k=v` over the given (already sorted) tag names. */
export function tagKey(tags: Readonly<Record<string, string>>, names: readonly string[]): string {
  let key = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    key += `${i === 0 ? '' : ','}${name}=${tags[name] ?? ''}`;
  }
  return key;
}

/** Sorts by UTF-16 code units, which orders ASCII tag names as InfluxDB's byte order does. */
function sortBytes(names: string[]): string[] {
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
