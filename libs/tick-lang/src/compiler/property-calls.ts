import type { Position } from '../ast';
import type { PropertySpec } from '../catalog/catalog-types';
import { chainMethodNames, findNodeSpec, findProperty, propertyNames } from '../catalog/node-catalog';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { checkArguments, type ArgumentValue } from './argument-check';
import type { EvalValue, NodeBuilder, PropertyCallBuilder } from './eval-value';
import { nodeName } from './pipeline-builder';
import { didYouMean } from './suggestions';

type Target = Extract<EvalValue, { type: 'node' } | { type: 'handler' }>;

/**
 * Applies `.name(args)` to a node or to a handler object and returns the object the call yields:
 * the same object, or a new handler for properties such as `.post()`. A name a handler lacks is
 * looked up on its alert node, whose property then applies (Kapacitor's handlers embed the node),
 * and the chain continues from the node.
 */
export function applyProperty(target: Target, name: string, args: readonly ArgumentValue[], pos: Position, source: string): Target {
  if (target.type === 'handler') {
    const own = findProperty(target.spec.properties, name);
    if (own) {
      if (own.unsupported) throw new TickScriptError(own.unsupported, pos, source);
      target.call.properties.push(makeCall(own, `.${target.call.name}().${name}`, args, pos, source));
      return target;
    }
    if (!findProperty(target.node.spec.properties, name)) {
      throw unknownProperty(`the ${target.call.name} handler`, name, [...propertyNames(target.spec.properties), ...propertyNames(target.node.spec.properties)], target.node, pos, source);
    }
    return applyProperty({ type: 'node', node: target.node }, name, args, pos, source);
  }
  const node = target.node;
  const spec = findProperty(node.spec.properties, name);
  if (!spec) throw unknownProperty(describeNode(node), name, propertyNames(node.spec.properties), node, pos, source);
  if (spec.unsupported) throw new TickScriptError(spec.unsupported, pos, source);
  const call = makeCall(spec, `${node.spec.name}.${name}`, args, pos, source);
  node.properties.push(call);
  return spec.opens ? { type: 'handler', node, call, spec: spec.opens } : target;
}

function makeCall(spec: PropertySpec, callName: string, args: readonly ArgumentValue[], pos: Position, source: string): PropertyCallBuilder {
  return { name: spec.name, args: checkArguments(spec, callName, args, pos, source), pos, properties: [] };
}

function unknownProperty(owner: string, name: string, valid: string[], node: NodeBuilder, pos: Position, source: string): TickScriptError {
  const sorted = [...new Set(valid)].sort();
  if (chainMethodNames(node.spec).includes(name) || findNodeSpec(name)?.unsupported) {
    return new TickScriptError(`${owner} has no property ${name}: ${name} is a chaining method, use |${name}(...) instead of .${name}(...)`, pos, source);
  }
  const list = sorted.length > 0 ? `; valid properties: ${sorted.join(', ')}` : ' (it has no properties)';
  return new TickScriptError(`unknown property ${name} on ${owner}${didYouMean(name, sorted)}${list}`, pos, source);
}

export function describeNode(node: NodeBuilder): string {
  return `${node.spec.name} (${nodeName(node)})`;
}
