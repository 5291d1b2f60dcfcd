import type { Point } from '@vigil/core';
import { Grouper, pointMessage, type GroupInfo } from '../../runtime/group-id';
import type { BatchMessage, Message } from '../../runtime/message';
import { asString, flag } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeSpec } from '../../runtime/node-spec';
import { dimensionsFromArguments } from './dimension-arguments';

/**
 * `|groupBy(tags...)`: regroups points by other tags (`*` for all of a point's tags), optionally
 * with the measurement, or back to the nil group without arguments. Points keep all their tags.
 */
class GroupByNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly grouper: Grouper,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'point') {
      emit(pointMessage(message.point, this.grouper.groupOf(message.point)));
      return;
    }
    this.regroupBatch(message, emit);
  }

  /**
   * Splits a batch into one batch per new group, in order of first appearance. Kapacitor buffers
   * the split batches until a batch with another time arrives and emits them in map order;
   * vigil emits them at once, in a deterministic order.
   */
  private regroupBatch(batch: BatchMessage, emit: Emit): void {
    const split = new Map<string, { group: GroupInfo; points: Point[] }>();
    for (const point of batch.points) {
      const group = this.grouper.groupOf({ ...point, name: batch.name });
      const entry = split.get(group.id);
      if (entry) entry.points.push(point);
      else split.set(group.id, { group, points: [point] });
    }
    for (const { group, points } of split.values()) {
      emit({ kind: 'batch', name: batch.name, tmax: batch.tmax, group: group.id, groupTags: group.tags, dimensions: group.dimensions, points });
    }
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const groupByNodeSpec: NodeSpec = {
  type: 'groupBy',
  summary:
    "Regroups the data by the given tags, `*` for all tags of each point (with `.exclude('tag', ...)`, which adds up over calls), adding the measurement with `.byMeasurement()`. `|groupBy()` without arguments returns to a single group.",
  signature: { args: [], variadic: 'tagOrStar' },
  properties: [flag('byMeasurement'), { name: 'exclude', args: [], variadic: 'string' }],
  build: (definition) => {
    const dimensions = dimensionsFromArguments(definition, definition.node.args, definition.has('byMeasurement'), definition.calls('exclude').flatMap((call) => call.args.map(asString)));
    return new GroupByNode(definition.name, new Grouper(dimensions));
  },
};
