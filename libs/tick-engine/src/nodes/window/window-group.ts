import type { Tags } from '@vigil/core';
import type { BatchMessage, Dimensions, FieldColumn } from '../../runtime/message';
import type { FieldValue, Point } from '@vigil/core';
import { decodeTags, expectArray, expectBoolean, expectString, member } from '../../runtime/snapshot-codec';

/**
 * What a window group remembers of the point that created it: Kapacitor names every batch of the
 * group after that point's measurement and gives it that point's group tags.
 */
export interface WindowGroupInfo {
  readonly name: string;
  readonly group: string;
  readonly tags: Tags;
  readonly dimensions: Dimensions;
}

export function windowBatch(info: WindowGroupInfo, tmax: bigint, points: readonly Point[]): BatchMessage {
  return { kind: 'batch', name: info.name, tmax, group: info.group, groupTags: info.tags, dimensions: info.dimensions, points };
}

/**
 * A batch given as one field's column (see BatchMessage.column). Its `points` are stand-ins made
 * on first read: the group tags and the one field, for a reader that does not know columns.
 */
class ColumnBatch implements BatchMessage {
  readonly kind = 'batch';
  private standIns: Point[] | undefined;

  constructor(
    private readonly info: WindowGroupInfo,
    readonly tmax: bigint,
    readonly column: FieldColumn,
  ) {}

  get name(): string {
    return this.info.name;
  }

  get group(): string {
    return this.info.group;
  }

  get groupTags(): Tags {
    return this.info.tags;
  }

  get dimensions(): Dimensions {
    return this.info.dimensions;
  }

  get points(): readonly Point[] {
    const { info, column } = this;
    this.standIns ??= column.values.map((value, i) => ({
      database: '',
      retentionPolicy: '',
      name: info.name,
      tags: info.tags,
      fields: value === undefined ? {} : { [column.field]: value },
      time: column.times[i] as bigint,
    }));
    return this.standIns;
  }
}

/** A window's column whose times are made when first read (see SlotTimes.lazily). */
export class LazyTimesColumn implements FieldColumn {
  constructor(
    readonly field: string,
    readonly values: readonly (FieldValue | undefined)[],
    private readonly timesOf: () => bigint[],
  ) {}

  get times(): readonly bigint[] {
    return this.timesOf();
  }
}

export function columnBatch(info: WindowGroupInfo, tmax: bigint, column: FieldColumn): BatchMessage {
  return new ColumnBatch(info, tmax, column);
}

export function encodeGroupInfo(info: WindowGroupInfo): unknown {
  return { name: info.name, tags: info.tags, dimensions: info.dimensions };
}

export function decodeGroupInfo(state: unknown, group: string): WindowGroupInfo {
  const dimensions = member(state, 'dimensions', 'window group');
  const by = member(dimensions, 'by', 'dimensions');
  return {
    name: expectString(member(state, 'name', 'window group'), 'name'),
    group,
    tags: decodeTags(member(state, 'tags', 'window group')),
    dimensions: {
      by: by === '*' ? '*' : expectArray(by, 'dimensions.by').map((name) => expectString(name, 'dimension')),
      byMeasurement: expectBoolean(member(dimensions, 'byMeasurement', 'dimensions'), 'byMeasurement'),
      exclude: expectArray(member(dimensions, 'exclude', 'dimensions'), 'dimensions.exclude').map((name) => expectString(name, 'exclusion')),
    },
  };
}
