import type { Tags } from '@vigil/core';
import type { Dimensions } from '../../runtime/message';
import { decodeBigint, decodeOptionalBigint, expectNumber, member } from '../../runtime/snapshot-codec';
import { decodeGroupInfo, encodeGroupInfo } from '../window/window-group';

/**
 * One group of a barrier node, as plain data: Kapacitor's `idleBarrier` or `periodicBarrier`
 * with its goroutine's timer turned into `due`, the clock time at which it next fires.
 */
export interface BarrierGroup {
  readonly tags: Tags;
  readonly dimensions: Dimensions;
  /** Creation order: groups due at the same instant fire in it. */
  readonly seq: number;
  /** Idle only: the time of the group's last message or barrier (`lastPointT`), ns. */
  lastPointTime: bigint;
  /**
   * The time of the group's last barrier (`lastBarrierT`, or `lastT` for a period); a point
   * older than it is dropped. Null: none yet (Go's zero time, before every point).
   */
  lastBarrierTime: bigint | null;
  /** The clock time (ns) at which the timer or ticker next fires. */
  due: bigint;
}

export function encodeBarrierGroup(group: BarrierGroup): unknown {
  return {
    info: encodeGroupInfo({ name: '', group: '', tags: group.tags, dimensions: group.dimensions }),
    seq: group.seq,
    lastPointTime: group.lastPointTime.toString(),
    lastBarrierTime: group.lastBarrierTime?.toString() ?? null,
    due: group.due.toString(),
  };
}

export function decodeBarrierGroup(encoded: unknown, id: string): BarrierGroup {
  const info = decodeGroupInfo(member(encoded, 'info', 'barrier group'), id);
  return {
    tags: info.tags,
    dimensions: info.dimensions,
    seq: expectNumber(member(encoded, 'seq', 'barrier group'), 'barrier group seq'),
    lastPointTime: decodeBigint(member(encoded, 'lastPointTime', 'barrier group'), 'barrier lastPointTime'),
    lastBarrierTime: decodeOptionalBigint(member(encoded, 'lastBarrierTime', 'barrier group'), 'barrier lastBarrierTime'),
    due: decodeBigint(member(encoded, 'due', 'barrier group'), 'barrier due'),
  };
}
