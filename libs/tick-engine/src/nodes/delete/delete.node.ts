import type { FieldValue, Point, Tags } from '@vigil/core';
import type { TickValue } from '@vigil/tick-lang';
import { makeDimensions, toGroupId, withPoints } from '../../runtime/group-id';
import { sortByteOrder } from '../../runtime/byte-order';
import type { BatchMessage, Dimensions, Message, PointMessage } from '../../runtime/message';
import { asString } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

/**
 * `|delete()` (`delete.go`: `DeleteNode`): removes the `.field()` and `.tag()` names from each
 * point. A point grouped by a removed tag leaves that dimension (`deleteDimensions`), so its group
 * id is made again from the remaining group-by tags, whether or not the point had the tag; a
 * batch's group tags lose the removed tags and its dimensions become the remaining group tag
 * names (`BeginBatch` through `SetTags`), and its points lose the fields and tags too.
 */
class DeleteNode implements NodeRuntime {
  private readonly tagSet: ReadonlySet<string>;
  /** The dimensions a point leaves with, per dimensions it came with: one object per grouping. */
  private readonly narrowed = new WeakMap<Dimensions, Dimensions>();

  constructor(
    readonly name: string,
    private readonly fields: readonly string[],
    private readonly tags: readonly string[],
  ) {
    this.tagSet = new Set(tags);
  }

  receive(message: Message, emit: Emit): void {
    emit(message.kind === 'point' ? this.point(message) : this.batch(message));
  }

  private point(message: PointMessage): PointMessage {
    const point = this.withoutDeleted(message.point);
    const dimensions = this.dimensionsWithout(message.dimensions);
    if (point === message.point && dimensions === message.dimensions) return message;
    // A tag outside the grouping leaves the group as it was; under '*' every tag is in it.
    const regrouped = dimensions !== message.dimensions || (dimensions.by === '*' && point.tags !== message.point.tags);
    if (!regrouped) return { ...message, point };
    const names = dimensions.by === '*' ? sortByteOrder(Object.keys(point.tags).filter((tag) => !dimensions.exclude.includes(tag))) : dimensions.by;
    const groupTags: Record<string, string> = {};
    for (const tag of names) groupTags[tag] = point.tags[tag] ?? '';
    return { kind: 'point', point, group: toGroupId(point.name, point.tags, names, dimensions.byMeasurement), groupTags, dimensions };
  }

  /** `checkForDeletedDimension` and `deleteDimensions`: only listed group-by tags are dropped ('*' groups follow the tags). */
  private dimensionsWithout(dimensions: Dimensions): Dimensions {
    if (dimensions.by === '*' || !dimensions.by.some((tag) => this.tagSet.has(tag))) return dimensions;
    let narrowed = this.narrowed.get(dimensions);
    if (!narrowed) {
      narrowed = makeDimensions(dimensions.by.filter((tag) => !this.tagSet.has(tag)), dimensions.byMeasurement, dimensions.exclude);
      this.narrowed.set(dimensions, narrowed);
    }
    return narrowed;
  }

  private batch(message: BatchMessage): BatchMessage {
    const points = message.points.map((point) => this.withoutDeleted(point));
    const groupTags = this.tagsWithout(message.groupTags);
    const batch = withPoints(message, points);
    if (groupTags === message.groupTags) return batch;
    const names = sortByteOrder(Object.keys(groupTags));
    const dimensions = makeDimensions(names, message.dimensions.byMeasurement);
    return { ...batch, groupTags, dimensions, group: toGroupId(message.name, groupTags, names, dimensions.byMeasurement) };
  }

  private withoutDeleted(point: Point): Point {
    let fields: Record<string, FieldValue> | undefined;
    for (const field of this.fields) {
      if (point.fields[field] === undefined) continue;
      fields ??= { ...point.fields };
      delete fields[field];
    }
    const tags = this.tagsWithout(point.tags);
    if (!fields && tags === point.tags) return point;
    return { ...point, fields: fields ?? point.fields, tags };
  }

  /** The tags without the deleted ones; the same object when none was there. */
  private tagsWithout(tags: Tags): Tags {
    let kept: Record<string, string> | undefined;
    for (const tag of this.tags) {
      if (tags[tag] === undefined) continue;
      kept ??= { ...tags };
      delete kept[tag];
    }
    return kept ?? tags;
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const deleteNodeBuilder: NodeBuilder = {
  type: 'delete',
  build: (definition) =>
    new DeleteNode(
      definition.name,
      definition.calls('field').map((call) => asString(call.args[0] as TickValue)),
      definition.calls('tag').map((call) => asString(call.args[0] as TickValue)),
    ),
};
