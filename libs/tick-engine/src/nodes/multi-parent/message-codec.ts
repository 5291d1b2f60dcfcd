import { pointMessage, toGroupId } from '../../runtime/group-id';
import { sortByteOrder } from '../../runtime/byte-order';
import type { BarrierMessage, Dimensions, Message, PointMessage } from '../../runtime/message';
import { decodeBigint, decodePoint, encodePoint, expectArray, expectString, member, SnapshotError } from '../../runtime/snapshot-codec';
import { decodeGroupInfo, encodeGroupInfo, windowBatch } from '../window/window-group';
import type { Tags } from '@vigil/core';

/** A message a union holds: data, or a barrier waiting for its turn in time order. */
export type QueuedMessage = Message | BarrierMessage;

/** Buffered messages of join and union in snapshots: the point, batch or barrier with its group. */
export function encodeMessage(message: QueuedMessage): unknown {
  if (message.kind === 'barrier') {
    return { kind: 'barrier', group: message.group, info: encodeGroupInfo({ name: '', group: message.group, tags: message.groupTags, dimensions: message.dimensions }), time: message.time.toString() };
  }
  const info = encodeGroupInfo({ name: message.kind === 'batch' ? message.name : '', group: message.group, tags: message.groupTags, dimensions: message.dimensions });
  if (message.kind === 'point') return { kind: 'point', group: message.group, info, point: encodePoint(message.point) };
  return { kind: 'batch', group: message.group, info, tmax: message.tmax.toString(), points: message.points.map(encodePoint) };
}

export function decodeMessage(encoded: unknown): QueuedMessage {
  const kind = member(encoded, 'kind', 'buffered message');
  const group = expectString(member(encoded, 'group', 'buffered message'), 'message group');
  const info = decodeGroupInfo(member(encoded, 'info', 'buffered message'), group);
  if (kind === 'point') return pointMessage(decodePoint(member(encoded, 'point', 'buffered point')), { id: group, tags: info.tags, dimensions: info.dimensions });
  if (kind === 'barrier') {
    return { kind: 'barrier', group, groupTags: info.tags, dimensions: info.dimensions, time: decodeBigint(member(encoded, 'time', 'buffered barrier'), 'barrier time') };
  }
  if (kind !== 'batch') throw new SnapshotError(`buffered message: unknown kind ${JSON.stringify(kind)}`);
  const tmax = decodeBigint(member(encoded, 'tmax', 'buffered batch'), 'batch tmax');
  return windowBatch(info, tmax, expectArray(member(encoded, 'points', 'buffered batch'), 'batch points').map(decodePoint));
}

/** The tag names of a group, as Kapacitor's `Dimensions.TagNames` holds them. */
export function groupTagNames(dimensions: Dimensions, groupTags: Tags): readonly string[] {
  return dimensions.by === '*' ? sortByteOrder(Object.keys(groupTags)) : dimensions.by;
}

/**
 * A point message under another name: Kapacitor's `SetName` recomputes the group id, which
 * changes only when the measurement is part of the group.
 */
export function renamedPoint(message: PointMessage, name: string): PointMessage {
  const point = { ...message.point, name };
  if (!message.dimensions.byMeasurement) return { ...message, point };
  return { ...message, point, group: toGroupId(name, message.groupTags, groupTagNames(message.dimensions, message.groupTags), true) };
}
