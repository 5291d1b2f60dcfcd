import type { Point, Tags } from '@vigil/core';
import type { BatchMessage, Dimensions, PointMessage } from './message';
import { sortByteOrder } from './byte-order';

/** One group as nodes see it: Kapacitor's GroupID plus its GroupInfo (group-by tags, dimensions). */
export interface GroupInfo {
  readonly id: string;
  /** The group-by tags with this group's values; a tag missing on the point has the value ''. */
  readonly tags: Tags;
  readonly dimensions: Dimensions;
}

const EMPTY_TAGS: Tags = Object.freeze({});

export const NIL_DIMENSIONS: Dimensions = Object.freeze({ by: Object.freeze([]), byMeasurement: false, exclude: Object.freeze([]) });

export const NIL_GROUP: GroupInfo = Object.freeze({ id: '', tags: EMPTY_TAGS, dimensions: NIL_DIMENSIONS });

/**
 * Kapacitor's `models.ToGroupID`: `k1=v1,k2=v2` over the sorted tag names, a missing tag giving
 * `k=`, values not escaped; with byMeasurement the measurement and a newline come first (or the
 * measurement alone when there are no tag names); the nil group is ''.
 */
export function toGroupId(name: string, tags: Tags, sortedTagNames: readonly string[], byMeasurement: boolean): string {
  // Joined rather than concatenated: one flat string, kept for the life of the group.
  const parts: string[] = [];
  if (byMeasurement) parts.push(sortedTagNames.length === 0 ? name : `${name}\n`);
  for (let i = 0; i < sortedTagNames.length; i++) {
    const key = sortedTagNames[i] as string;
    parts.push(i === 0 ? '' : ',', key, '=', tags[key] ?? '');
  }
  return parts.join('');
}

/**
 * Builds dimensions with the tag names sorted (Kapacitor sorts them and keeps duplicates, which
 * then appear twice in the group id), or '*', and the exclusions.
 */
export function makeDimensions(by: readonly string[] | '*', byMeasurement: boolean, exclude: readonly string[] = []): Dimensions {
  const names = by === '*' ? '*' : Object.freeze(sortByteOrder([...by]));
  return Object.freeze({ by: names, byMeasurement, exclude: Object.freeze([...exclude]) });
}

/** Groups found by walking the group-by tag values (then the measurement) level by level. */
type GroupTrie = Map<string, GroupTrie | GroupInfo>;

/**
 * Assigns points to groups for one grouping node (`from`, `groupBy`) and interns each group's
 * info. Looking a group up walks a trie of the group-by tag values instead of building the id
 * string for every point: the id (and the group tags) are built once, when a group first
 * appears, and every node downstream then keys its state by that one interned string. Groups
 * never expire in a stream task, as in Kapacitor.
 */
export class Grouper {
  private readonly trie: GroupTrie = new Map();
  private readonly starGroups = new Map<string, GroupInfo>();
  private readonly names: readonly string[];
  private readonly excluded: ReadonlySet<string>;

  constructor(readonly dimensions: Dimensions) {
    this.names = dimensions.by === '*' ? [] : dimensions.by;
    this.excluded = new Set(dimensions.exclude);
  }

  /** The group of a point under these dimensions. */
  groupOf(point: Point): GroupInfo {
    if (this.dimensions.by === '*') return this.starGroupOf(point);
    const names = this.names;
    const byMeasurement = this.dimensions.byMeasurement;
    if (names.length === 0 && !byMeasurement) return NIL_GROUP;
    const tags = point.tags;
    let level = this.trie;
    const last = byMeasurement ? names.length : names.length - 1;
    for (let i = 0; i < last; i++) {
      const key = tags[names[i] as string] ?? '';
      let next = level.get(key) as GroupTrie | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(key, next);
      }
      level = next;
    }
    const key = byMeasurement ? point.name : (tags[names[last] as string] ?? '');
    const found = level.get(key) as GroupInfo | undefined;
    if (found !== undefined) return found;
    const group = this.intern(toGroupId(point.name, tags, names, byMeasurement), names, tags);
    level.set(key, group);
    return group;
  }

  private starGroupOf(point: Point): GroupInfo {
    const names = sortByteOrder(Object.keys(point.tags).filter((name) => !this.excluded.has(name)));
    if (names.length === 0 && !this.dimensions.byMeasurement) return NIL_GROUP;
    const id = toGroupId(point.name, point.tags, names, this.dimensions.byMeasurement);
    let group = this.starGroups.get(id);
    if (!group) {
      group = this.intern(id, names, point.tags);
      this.starGroups.set(id, group);
    }
    return group;
  }

  private intern(id: string, names: readonly string[], tags: Tags): GroupInfo {
    const groupTags: Record<string, string> = {};
    for (const name of names) groupTags[name] = tags[name] ?? '';
    return { id, tags: Object.freeze(groupTags), dimensions: this.dimensions };
  }
}

/** The GroupInfo a message carries. */
export function groupOfMessage(message: { readonly group: string; readonly groupTags: Tags; readonly dimensions: Dimensions }): GroupInfo {
  return { id: message.group, tags: message.groupTags, dimensions: message.dimensions };
}

/** A point message in a group. */
export function pointMessage(point: Point, group: GroupInfo): PointMessage {
  return { kind: 'point', point, group: group.id, groupTags: group.tags, dimensions: group.dimensions };
}

/** The same message carrying another point of the same group. */
export function withPoint(message: PointMessage, point: Point): PointMessage {
  return { kind: 'point', point, group: message.group, groupTags: message.groupTags, dimensions: message.dimensions };
}

/**
 * The message for a point whose tags a node changed (`eval().tags()`, `default().tag()`):
 * Kapacitor recomputes the group from the new tags under the same dimensions, so setting a
 * group-by tag moves the point to another group.
 */
export function regroupedMessage(message: PointMessage, point: Point): PointMessage {
  const dimensions = message.dimensions;
  const excluded = new Set(dimensions.exclude);
  const names = dimensions.by === '*' ? sortByteOrder(Object.keys(point.tags).filter((name) => !excluded.has(name))) : dimensions.by;
  const id = toGroupId(point.name, point.tags, names, dimensions.byMeasurement);
  if (id === message.group) return withPoint(message, point);
  const groupTags: Record<string, string> = {};
  for (const name of names) groupTags[name] = point.tags[name] ?? '';
  return { kind: 'point', point, group: id, groupTags, dimensions };
}

/** The same batch (group, name, time) with other points, and no column. */
export function withPoints(batch: BatchMessage, points: readonly Point[], tmax: bigint = batch.tmax): BatchMessage {
  return { kind: 'batch', name: batch.name, tmax, group: batch.group, groupTags: batch.groupTags, dimensions: batch.dimensions, points };
}
