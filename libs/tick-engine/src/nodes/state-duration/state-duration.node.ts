import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupLambda } from '../../runtime/group-lambda';
import type { NodeBuilder } from '../../runtime/node-spec';
import { compileNodeLambda } from '../../runtime/node-spec';
import { decodeOptionalBigint } from '../../runtime/snapshot-codec';
import { StateTrackingNode, type Tracker } from '../state-count/state-tracking';

/**
 * How long the lambda has been true, in units, as a float: 0 on the first true point of a
 * streak, -1 (and a reset) when false. The streak start is a point time, so it is replayable.
 */
function durationTracker(unit: bigint): Tracker<bigint | null> {
  return {
    initial: null,
    next: (start, time, inState) => (inState ? (start ?? time) : null),
    value: (start, time, inState) => (inState && start !== null ? Number(time - start) / Number(unit) : -1),
    encode: (start) => (start === null ? null : start.toString()),
    decode: (encoded) => decodeOptionalBigint(encoded, 'state duration start'),
  };
}

export const stateDurationNodeBuilder: NodeBuilder = {
  type: 'stateDuration',
  build: (definition, context) => {
    const unit = definition.duration('unit');
    if (unit <= 0n) definition.fail('stateDuration unit must be greater than zero');
    return new StateTrackingNode(
      definition.name,
      new GroupLambda(compileNodeLambda(definition, context, definition.argLambda(0))),
      definition.string('as'),
      durationTracker(unit),
      new ErrorReporter(context.task, definition.name),
    );
  },
};
