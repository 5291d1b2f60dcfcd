import type { PropertyCall, TickValue } from '@vigil/tick-lang';
import type { Dimensions } from '../../runtime/message';
import { makeDimensions } from '../../runtime/group-id';
import type { NodeDefinition } from '../../runtime/node-definition';

/**
 * Turns `groupBy(...)` arguments into dimensions, with Kapacitor's checks
 * (`pipeline.validateDimensions`): no empty tag name, `*` alone, and `exclude` only with `*`.
 */
export function dimensionsFromArguments(
  definition: NodeDefinition,
  args: readonly TickValue[],
  byMeasurement: boolean,
  exclude: readonly string[],
  call?: PropertyCall,
): Dimensions {
  const pos = call?.pos ?? definition.node.pos;
  const star = args.some((arg) => arg.type === 'star');
  const names: string[] = [];
  for (const arg of args) {
    if (arg.type !== 'string') continue;
    if (arg.value === '') definition.fail('group-by dimensions must not be empty', pos);
    names.push(arg.value);
  }
  if (star && args.length > 1) definition.fail("cannot group by both '*' and named dimensions", pos);
  if (!star && exclude.length > 0) definition.fail("exclude requires '*'", pos);
  return makeDimensions(star ? '*' : names, byMeasurement, exclude);
}
