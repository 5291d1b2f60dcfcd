import type { Point, Tags } from '@vigil/core';
import type { Dimensions, PointMessage } from './message';
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
  let id = byMeasurement ? (sortedTagNames.length === 0 ? name : `${name}\n`) : '';
  for (let i = 0; i < sortedTagNames.length; i++) {
    const key = sortedTagNames[i] as string;
    id += `${i === 0 ? '' : ','}${key}=${tags[key] ?? ''}`;
  }
  return id;
}

/**
 * Builds dimensions with the tag names sorted (Kapacitor sorts them and keeps duplicates, which
 * then appear twice in the group id), or '*', and the exclusions.
 */
export function makeDimensions(by: readonly string[] | '*', byMeasurement: boolean, exclude: readonly string[] = []): Dimensions {
  const names = by === '*' ? '*' : Object.freeze(sortByteOrder([...by]));
  return Object.freeze({ by: names, byMeasurement, exclude: Object.freeze([...exclude]) });
}

/**
 * Assigns points to groups for one grouping node (`from`, `groupBy`) and interns each group's
 * info, so that the id string is built once per point and the group tags once per group.
 * Groups never expire in a stream task, as in Kapacitor.
 */
export class Grouper {
  private readonly groups = new Map<string, GroupInfo>();
  private readonly names: readonly string[];
  private readonly prefixes: readonly string[];
  private readonly excluded: ReadonlySet<string>;

  constructor(readonly dimensions: Dimensions) {
    this.names = dimensions.by === '*' ? [] : dimensions.by;
    this.prefixes = this.names.map((name, i) => `${i === 0 ? '' : ','}${name}=`);
    this.excluded = new Set(dimensions.exclude);
  }

  /** The group of a point under these dimensions. */
  groupOf(point: Point): GroupInfo {
    if (this.dimensions.by === '*') return this.starGroupOf(point);
    const names = this.names;
    if (names.length === 0 && !this.dimensions.byMeasurement) return NIL_GROUP;
    const tags = point.tags;
    let id = this.dimensions.byMeasurement ? (names.length === 0 ? point.name : `${point.name}\n`) : '';
    for (let i = 0; i < names.length; i++) id += (this.prefixes[i] as string) + (tags[names[i] as string] ?? '');
    return this.groups.get(id) ?? this.intern(id, names, tags);
  }

  private starGroupOf(point: Point): GroupInfo {
    const names = sortByteOrder(Object.keys(point.tags).filter((name) => !this.excluded.has(name)));
    if (names.length === 0 && !this.dimensions.byMeasurement) return NIL_GROUP;
    const id = toGroupId(point.name, point.tags, names, this.dimensions.byMeasurement);
    return this.groups.get(id) ?? this.intern(id, names, point.tags);
  }

  private intern(id: string, names: readonly string[], tags: Tags): GroupInfo {
    const groupTags: Record<string, string> = {};
    for (const name of names) groupTags[name] = tags[name] ?? '';
    const group: GroupInfo = { id, tags: Object.freeze(groupTags), dimensions: this.dimensions };
    this.groups.set(id, group);
    return group;
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
