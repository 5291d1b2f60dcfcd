import type { Position } from '../ast';
import { chainMethodNames, findNodeSpec, findProperty, nodeSpec } from '../catalog/node-catalog';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { checkArguments, type ArgumentValue } from './argument-check';
import { expandDeadman } from './deadman';
import type { EvalValue, NodeBuilder } from './eval-value';
import { nodeName, type PipelineBuilder } from './pipeline-builder';
import { describeNode } from './property-calls';
import { didYouMean } from './suggestions';

type Target = Extract<EvalValue, { type: 'node' } | { type: 'handler' }>;

/**
 * Applies `|method(args)`: creates a child node (or expands `deadman`) after checking that the
 * method exists, may follow the parent, gets the right kind of edge and valid arguments.
 */
export function applyChainMethod(
  builder: PipelineBuilder,
  target: Target,
  method: string,
  args: readonly ArgumentValue[],
  pos: Position,
  source: string,
): NodeBuilder {
  // A handler object chains from its alert node, whose chaining methods it embeds.
  const parent = target.node;
  const fail = (message: string): never => {
    throw new TickScriptError(message, pos, source);
  };
  const allowed = chainMethodNames(parent.spec);
  const spec = findNodeSpec(method);
  if (!spec || spec.internal) {
    if (findProperty(parent.spec.properties, method)) {
      return fail(`${describeNode(parent)} has no chaining method ${method}: ${method} is a property, use .${method}(...) instead of |${method}(...)`);
    }
    const list = allowed.length > 0 ? `; valid chaining methods: ${allowed.join(', ')}` : '';
    return fail(`unknown chaining method ${method}${didYouMean(method, allowed)}${list}`);
  }
  if (spec.unsupported) return fail(spec.unsupported);
  if (!allowed.includes(method)) return fail(notAllowedMessage(parent, method));
  if (spec.wants === 'stream' && parent.edge === 'batch') {
    return fail(`${method} needs a stream of points, but ${nodeName(parent)} emits batches`);
  }
  const values = checkArguments(spec, `|${method}`, args, pos, source);
  if (spec.macro) {
    const [threshold, interval, ...conditions] = values;
    if (threshold?.type !== 'float' || interval?.type !== 'duration') throw new Error('deadman arguments were checked');
    const extra = conditions.flatMap((condition) => (condition.type === 'lambda' ? [condition.expr] : []));
    return expandDeadman(builder, parent, threshold.value, interval.ns, extra, pos);
  }
  if (method === 'stats') {
    const stats = builder.createRoot(spec, values, pos, parent.id);
    if (parent.children.length === 0) builder.createChild(parent, nodeSpec('noop'), [], pos);
    return stats;
  }
  return builder.createChild(parent, spec, values, pos);
}

function notAllowedMessage(parent: NodeBuilder, method: string): string {
  if (parent.spec.provides === 'none') return `${describeNode(parent)} has no output: nothing can be chained after it`;
  if (method === 'from') return 'from() can only follow stream: write stream|from()';
  if (parent.spec.name === 'stream') return `stream must be followed by |from() (found |${method}()): write stream|from()|${method}()`;
  return `${method} cannot follow ${describeNode(parent)}`;
}
