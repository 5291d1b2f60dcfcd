import type { Point } from '@vigil/core';
import type { Pipeline } from '@vigil/tick-lang';
import { keyTagsOf, tagKey, type PartitionKeys } from '@vigil/topic-contract';
import { groupingScopes, type Grouping, type GroupingScope } from './grouping-scopes';

/**
 * Where a task is evaluated. `local`: on the points topic's partitions, because every group of
 * the task lives on one partition. `repartition`: the points-topic owners forward the task's
 * points to its internal topic, keyed by `keyTags` (the tags all its groupings share), and the
 * task runs on that topic's partitions, so that each group has exactly one owner.
 */
export type TaskPlacement =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'repartition';
      /** The tags whose values key the forwarded points; '*' for all tags but `exclude`. */
      readonly keyTags: readonly string[] | '*';
      readonly exclude: readonly string[];
      /** Why the task cannot run where the points land, for the boot log. */
      readonly reason: string;
    };

/**
 * Decides the placement of a task under a partition-key configuration. A stateful grouping is
 * local when equal groups always have equal partition keys: the measurement's key tags are all
 * among the group's tags (or the group is a whole series and points are keyed by series). When
 * the `from()` reads any measurement, every measurement must share one key tag list for that.
 */
export function placeTask(pipeline: Pipeline, keys: PartitionKeys): TaskPlacement {
  const stateful = groupingScopes(pipeline).filter((scope) => scope.stateful);
  const split = stateful.filter((scope) => !isLocal(scope, keys));
  if (split.length === 0) return { kind: 'local' };
  const first = split[0] as GroupingScope;
  return { kind: 'repartition', ...commonKey(stateful.map((scope) => scope.grouping)), reason: reasonFor(first) };
}

function reasonFor(scope: GroupingScope): string {
  if (scope.measurements && scope.measurements.length > 1) {
    const names = scope.measurements.map((name) => (name === '' ? 'any measurement' : name)).join(', ');
    return `${scope.node} brings together ${names} grouped by ${describe(scope.grouping)}, which their partition keys do not put on one partition`;
  }
  return `${scope.node} groups by ${describe(scope.grouping)}, which the partition key of ${scope.measurement === '' ? 'its measurements' : scope.measurement} does not determine`;
}

function isLocal(scope: GroupingScope, keys: PartitionKeys): boolean {
  if (scope.measurements && scope.measurements.length > 1 && !scope.measurements.includes('')) return meetsOnOnePartition(scope, scope.measurements, keys);
  if (scope.measurement !== '') return coversKey(scope.grouping, keyTagsOf(scope.measurement, keys), true);
  // Any measurement: every configured list must equal the fallback, so that a group spanning
  // measurements still has one key; series keys differ per measurement unless the measurement
  // is part of the group.
  const fallback = keys.fallback;
  if (fallback === undefined) return coversKey(scope.grouping, undefined, scope.grouping.byMeasurement);
  for (const tags of keys.byMeasurement.values()) if (!sameList(tags, fallback)) return false;
  return coversKey(scope.grouping, fallback, true);
}

/**
 * For a node with several parents reading several measurements (a join of two measurements):
 * equal groups must have equal keys across the measurements, so every measurement needs the
 * same key tag list, and that list must be among the group tags. With series keys the key holds
 * the measurement, so points of two measurements never share a partition by their key.
 */
function meetsOnOnePartition(scope: GroupingScope, measurements: readonly string[], keys: PartitionKeys): boolean {
  const lists = measurements.map((measurement) => keyTagsOf(measurement, keys));
  const first = lists[0];
  if (first === undefined) return false;
  if (lists.some((tags) => tags === undefined || !sameList(tags, first))) return false;
  return coversKey(scope.grouping, first, true);
}

/**
 * Whether equal groups imply equal keys. With key tags: each key tag is a group tag. With series
 * keys (undefined): only a `*` grouping that excludes nothing, and only when the measurement is
 * fixed or part of the group (`sameMeasurement`).
 */
function coversKey(grouping: Grouping, keyTags: readonly string[] | undefined, sameMeasurement: boolean): boolean {
  if (keyTags === undefined) return grouping.tags === '*' && grouping.exclude.length === 0 && sameMeasurement;
  if (grouping.tags === '*') return keyTags.every((tag) => !grouping.exclude.includes(tag));
  const groupTags = grouping.tags;
  return keyTags.every((tag) => groupTags.includes(tag));
}

/**
 * The coarsest key that keeps every grouping's groups together: the tags all groupings have in
 * common. '*' groupings count as "all tags of the point but the excluded ones".
 */
function commonKey(groupings: readonly Grouping[]): { keyTags: readonly string[] | '*'; exclude: readonly string[] } {
  const excluded = new Set(groupings.flatMap((grouping) => (grouping.tags === '*' ? grouping.exclude : [])));
  let common: string[] | undefined;
  for (const grouping of groupings) {
    if (grouping.tags === '*') continue;
    common = common === undefined ? [...grouping.tags] : common.filter((tag) => grouping.tags.includes(tag));
  }
  if (common === undefined) return { keyTags: '*', exclude: [...excluded].sort() };
  return { keyTags: [...new Set(common.filter((tag) => !excluded.has(tag)))].sort(), exclude: [] };
}

/** The key of a point forwarded to a repartitioned task's topic. */
export function repartitionKeyFor(point: Pick<Point, 'tags'>, placement: Extract<TaskPlacement, { kind: 'repartition' }>): string {
  if (placement.keyTags !== '*') return tagKey(point.tags, placement.keyTags);
  const names = Object.keys(point.tags)
    .filter((name) => !placement.exclude.includes(name))
    .sort();
  return tagKey(point.tags, names);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

function describe(grouping: Grouping): string {
  if (grouping.tags === '*') return grouping.exclude.length > 0 ? `* except ${grouping.exclude.join(', ')}` : '*';
  return grouping.tags.length === 0 ? 'nothing (a single group)' : grouping.tags.join(', ');
}
