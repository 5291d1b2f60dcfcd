import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupLambda } from '../../runtime/group-lambda';
import type { NodeSpec } from '../../runtime/node-spec';
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

export const stateCountNodeSpec: NodeSpec = {
  type: 'stateCount',
  summary:
    "Counts consecutive points of a group for which the lambda is true and adds the count as an int field (`.as('name')`, default `state_count`); a point for which it is false gets -1 and resets the count; a lambda error drops the point. Example: `|stateCount(lambda: \"sucesso\" == 0).as('consecutive_error')`.",
  signature: { args: ['lambda'] },
  properties: [{ name: 'as', args: ['string'] }],
  build: (definition, context) =>
    new StateTrackingNode(
      definition.name,
      new GroupLambda(compileNodeLambda(definition, context, definition.argLambda(0))),
      definition.string('as', 'state_count'),
      countTracker,
      new ErrorReporter(context.task, definition.name),
    ),
};
