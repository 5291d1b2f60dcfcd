import type { Point } from '@vigil/core';
import { decodeOptionalBigint, decodePoint, encodePoint, expectArray, member } from '../../runtime/snapshot-codec';
import { decodeGroupInfo, encodeGroupInfo, type WindowGroupInfo } from '../window/window-group';

/**
 * The points of one group that share a (rounded) time, as `combine` and `flatten` hold them
 * (`combineBuffer`, `flattenBuffer`): the group's name and tags, the time (null: Go's zero time,
 * as after a batch begins) and the points of that time.
 */
export interface TimeBuffer {
  info: WindowGroupInfo;
  time: bigint | null;
  points: Point[];
}

export interface EncodedTimeBuffer {
  readonly info: unknown;
  readonly time: string | null;
  readonly points: unknown[];
}

export function encodeTimeBuffer(buffer: TimeBuffer): EncodedTimeBuffer {
  return { info: encodeGroupInfo(buffer.info), time: buffer.time === null ? null : buffer.time.toString(), points: buffer.points.map(encodePoint) };
}

export function decodeTimeBuffer(encoded: unknown, group: string, node: string): TimeBuffer {
  return {
    info: decodeGroupInfo(member(encoded, 'info', node), group),
    time: decodeOptionalBigint(member(encoded, 'time', node), `${node} time`),
    points: expectArray(member(encoded, 'points', node), `${node} points`).map(decodePoint),
  };
}
