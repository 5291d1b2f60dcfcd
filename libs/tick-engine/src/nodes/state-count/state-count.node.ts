import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupLambda } from '../../runtime/group-lambda';
import type { NodeBuilder } from '../../runtime/node-spec';
import { compileNodeLambda } from '../../runtime/node-spec';
import { expectNumber } from '../../runtime/snapshot-codec';
import { StateTrackingNode, type Tracker } from './state-tracking';

/** Consecutive points for which the lambda is true: 1, 2, 3, ...; -1 (and a reset) when false. */
const countTracker: Tracker<number> = {
  initial: 0,
  next: (count, _time, inState) => (inState ? count + 1 : 0),
  value: (count, _time, inState) => (inState ? BigInt(count) : -1n),
  encode: (count) => count,
  decode: (encoded) => expectNumber(encoded, 'state count'),
};

export const stateCountNodeBuilder: NodeBuilder = {
  type: 'stateCount',
  build: (definition, context) =>
    new StateTrackingNode(
      definition.name,
      new GroupLambda(compileNodeLambda(definition, context, definition.argLambda(0))),
      definition.string('as'),
      countTracker,
      new ErrorReporter(context.task, definition.name),
    ),
};
