import type { FieldValue } from '@vigil/core';
import { toGroupId } from '../../runtime/group-id';
import type { BatchMessage, PointMessage } from '../../runtime/message';
import { decodeBigint, expectArray, expectNumber, member } from '../../runtime/snapshot-codec';
import { decodeMessage, encodeMessage, groupTagNames, type QueuedMessage } from '../multi-parent/message-codec';

/** What a join collects: points from stream parents, whole batches from batch parents (never both). */
export type JoinMessage = PointMessage | BatchMessage;

/** Kapacitor's `Time()` of a joined message: the point's time, or the batch's (its `tmax`). */
export function messageTime(message: JoinMessage): bigint {
  return message.kind === 'point' ? message.point.time : message.tmax;
}

/** What a join node was told by its script, as every set of it needs it. */
export interface JoinOptions {
  /** `.as()`: one prefix per parent, in parent order. */
  readonly prefixes: readonly string[];
  readonly delimiter: string;
  /** `.streamName()`, '' for the name of the first point of each set. */
  readonly streamName: string;
  readonly tolerance: bigint;
  /** `.fill()` with a number (outer join); undefined for `none` (inner join). */
  readonly fill: FieldValue | undefined;
}

/**
 * Points (or batches) of one time, at most one per parent (Kapacitor's `joinset`). `first` is the
 * lowest parent index present: that one gives the joined point its name, group and fill field names.
 */
export interface JoinSet {
  readonly time: bigint;
  readonly values: (JoinMessage | null)[];
  size: number;
  first: number;
}

export function newJoinSet(time: bigint, parents: number): JoinSet {
  return { time, values: new Array<JoinMessage | null>(parents).fill(null), size: 0, first: parents };
}

/** `joinset.Set`. */
export function setValue(set: JoinSet, source: number, message: JoinMessage): void {
  if (source < set.first) set.first = source;
  set.values[source] = message;
  set.size++;
}

/**
 * `joinset.JoinIntoPoint`: the fields of every point under its parent's prefix; a missing parent
 * gives the first point's field names with the fill value, or (inner join) no point at all. The
 * joined point has the set's time, the first point's group tags as its only tags, and no database
 * or retention policy (`edge.NewPointMessage(name, "", "", ...)`).
 */
export function joinIntoPoint(set: JoinSet, options: JoinOptions): PointMessage | undefined {
  const first = set.values[set.first];
  if (first?.kind !== 'point') return undefined;
  const fields: Record<string, FieldValue> = {};
  for (let i = 0; i < set.values.length; i++) {
    const prefix = `${options.prefixes[i] ?? ''}${options.delimiter}`;
    const value = set.values[i];
    if (value?.kind === 'point') {
      for (const [key, field] of Object.entries(value.point.fields)) fields[prefix + key] = field;
      continue;
    }
    if (options.fill === undefined) return undefined;
    for (const key of Object.keys(first.point.fields)) fields[prefix + key] = options.fill;
  }
  const name = options.streamName === '' ? first.point.name : options.streamName;
  const { groupTags, dimensions } = first;
  return {
    kind: 'point',
    point: { database: '', retentionPolicy: '', name, tags: groupTags, fields, time: set.time },
    group: toGroupId(name, groupTags, groupTagNames(dimensions, groupTags), dimensions.byMeasurement),
    groupTags,
    dimensions,
  };
}

export function encodeJoinSet(set: JoinSet): unknown {
  return { time: set.time.toString(), values: set.values.map((value) => (value ? encodeMessage(value) : null)), size: set.size, first: set.first };
}

export function decodeJoinSet(encoded: unknown): JoinSet {
  return {
    time: decodeBigint(member(encoded, 'time', 'join set'), 'join set time'),
    values: expectArray(member(encoded, 'values', 'join set'), 'join set values').map((value) => (value === null ? null : asJoinMessage(decodeMessage(value)))),
    size: expectNumber(member(encoded, 'size', 'join set'), 'join set size'),
    first: expectNumber(member(encoded, 'first', 'join set'), 'join set first'),
  };
}

export function asJoinMessage(message: QueuedMessage): JoinMessage {
  if (message.kind === 'barrier') throw new Error('a join buffers points and batches only');
  return message;
}
