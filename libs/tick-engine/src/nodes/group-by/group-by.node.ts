import { Grouper, pointMessage } from '../../runtime/group-id';
import type { BatchMessage, ControlMessage, Dimensions, Message } from '../../runtime/message';
import { asString } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { dimensionsFromArguments } from './dimension-arguments';
import { HeldBatches } from './held-batches';

/**
 * `|groupBy(tags...)`: regroups points by other tags (`*` for all of a point's tags), optionally
 * with the measurement, or back to the nil group without arguments. Points keep all their tags
 * and are sent on at once; batches are merged per new group and held (see HeldBatches).
 */
class GroupByNode implements NodeRuntime {
  private readonly held = new HeldBatches();

  constructor(
    readonly name: string,
    private readonly grouper: Grouper,
    /** The same dimensions with the measurement added, for messages already grouped by it. */
    private readonly byMeasurementGrouper: Grouper,
  ) {}

  receive(message: Message, emit: Emit): void {
    const grouper = this.grouperFor(message.dimensions);
    if (message.kind === 'point') {
      emit(pointMessage(message.point, grouper.groupOf(message.point)));
      return;
    }
    this.regroupBatch(message, grouper, emit);
  }

  /**
   * `GroupByNode.Barrier`: sends the held batches when the barrier's time is not the last batch
   * time seen (the same flush a batch of another time makes), then passes the barrier on with its
   * group unchanged; a group deletion goes on as it came.
   */
  control(message: ControlMessage, emit: Emit): void {
    if (message.kind === 'barrier') this.held.begin(message.time, emit);
    emit(message);
  }

  /**
   * Kapacitor keeps grouping by measurement once a parent grouped by it
   * (`dims.ByName = dims.ByName || n.byName` in `GroupByNode.Point` and `BeginBatch`).
   */
  private grouperFor(incoming: Dimensions): Grouper {
    return incoming.byMeasurement ? this.byMeasurementGrouper : this.grouper;
  }

  /** `GroupByNode.BeginBatch` then `BatchPoint` for each point: send what is due, then gather. */
  private regroupBatch(batch: BatchMessage, grouper: Grouper, emit: Emit): void {
    this.held.begin(batch.tmax, emit);
    for (const point of batch.points) {
      const group = grouper.groupOf(point.name === batch.name ? point : { ...point, name: batch.name });
      this.held.add(group, batch.name, batch.tmax, point);
    }
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.held.size;
  }

  snapshot(): unknown {
    return this.held.snapshot();
  }

  restore(state: unknown): void {
    this.held.restore(state);
  }
}

export const groupByNodeBuilder: NodeBuilder = {
  type: 'groupBy',
  build: (definition) => {
    const dimensions = dimensionsFromArguments(definition, definition.node.args, definition.has('byMeasurement'), definition.calls('exclude').flatMap((call) => call.args.map(asString)));
    const withMeasurement = dimensions.byMeasurement ? dimensions : { ...dimensions, byMeasurement: true };
    return new GroupByNode(definition.name, new Grouper(dimensions), new Grouper(withMeasurement));
  },
};
