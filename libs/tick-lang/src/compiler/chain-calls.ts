import type { Position } from '../ast';
import { chainMethodNames, findNodeSpec, findProperty, nodeSpec } from '../catalog/node-catalog';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { checkArguments, type ArgumentValue } from './argument-check';
import { expandDeadman } from './deadman';
import type { NodeSpec } from '../catalog/catalog-types';
import { describeValue, type EvalValue, type NodeBuilder } from './eval-value';
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
  if (spec.parentArguments) return multiParentChild(builder, parent, spec, args, pos, source);
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

/**
 * `a|join(b, c)` / `a|union(b, c)`: the arguments are nodes, linked as parents beside `a` in
 * Kapacitor's order. Every parent must give the edge `a` gives (Kapacitor refuses "mismatched
 * edges" when the task starts; vigil says so at definition).
 */
function multiParentChild(builder: PipelineBuilder, caller: NodeBuilder, spec: NodeSpec, args: readonly ArgumentValue[], pos: Position, source: string): NodeBuilder {
  const method = spec.name;
  const others = args.map((argument, index): NodeBuilder => {
    if (argument.value.type !== 'node') {
      throw new TickScriptError(`|${method}: argument ${index + 1} must be a node (a variable holding a pipeline such as var b = stream|from()...), got ${describeValue(argument.value)}`, argument.pos, source);
    }
    return argument.value.node;
  });
  args.forEach((argument, index) => {
    const other = others[index] as NodeBuilder;
    const fail = (message: string): never => {
      throw new TickScriptError(message, argument.pos, source);
    };
    if (!chainMethodNames(other.spec).includes(method)) fail(notAllowedMessage(other, method));
    if (other.edge !== caller.edge) {
      fail(`|${method}: ${nodeName(other)} emits ${edgeWord(other.edge)} but ${nodeName(caller)} emits ${edgeWord(caller.edge)}; all parents must emit the same kind`);
    }
  });
  const parents = spec.parentArguments === 'callerFirst' ? [caller, ...others] : [...others, caller];
  if (new Set(parents.map((node) => node.id)).size !== parents.length) {
    throw new TickScriptError(`|${method}: a node cannot be given twice (vigil does not ${method} a node with itself)`, pos, source);
  }
  return builder.createMultiParentChild(parents, spec, pos);
}

function edgeWord(edge: NodeBuilder['edge']): string {
  return edge === 'batch' ? 'batches' : edge === 'stream' ? 'points' : 'nothing';
}

function notAllowedMessage(parent: NodeBuilder, method: string): string {
  if (parent.spec.provides === 'none') return `${describeNode(parent)} has no output: nothing can be chained after it`;
  if (method === 'from') return 'from() can only follow stream: write stream|from()';
  if (parent.spec.name === 'stream') return `stream must be followed by |from() (found |${method}()): write stream|from()|${method}()`;
  return `${method} cannot follow ${describeNode(parent)}`;
}
