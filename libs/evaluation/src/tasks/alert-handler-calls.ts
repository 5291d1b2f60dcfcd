import type { HandlerInstruction } from '@vigil/core';
import { alertHandlerSpecs, sideloadDirectory, type Pipeline, type PipelineNode, type Position, type PropertyCall, type TickValue } from '@vigil/tick-lang';

/** One handler an alert node names, with where the script names it. */
export interface AlertHandlerCall {
  /** The alert node's name, e.g. `alert3`. */
  readonly node: string;
  /** The handler call itself (`.exec(...)`), not its options. */
  readonly pos: Position;
  readonly instruction: HandlerInstruction;
}

/**
 * Every handler of every alert node, as the events of the task will carry them. Calls are read
 * flat in script order, as the engine's alert node reads them (alert-properties.ts,
 * readAlertProperties): a call goes to the open handler when the handler has an option of that
 * name (the catalog's `opens`), a handler name opens a new one, and anything else closes it.
 * Meant for a script that validateTask accepted, so argument types are already checked.
 */
export function alertHandlerCalls(pipeline: Pipeline): AlertHandlerCall[] {
  const optionsOf = new Map(alertHandlerSpecs().map((spec) => [spec.name, new Set(spec.opens?.properties.map((option) => option.name))]));
  return pipeline.nodes.filter((node) => node.type === 'alert').flatMap((node) => handlerCallsOf(node, optionsOf));
}

/**
 * Every `|httpPost()` node as the instruction the guard checks: the engine posts from the evaluator
 * itself, so a node's URL must pass the deployment's post allowlist (`post.allowedOrigins`) as an
 * alert's `.post(url)` does (kind `post`), and the endpoint `.endpoint()` names must be configured
 * (kind `httpPost`, not a handler: `checkHandlerAllowed` of @vigil/alert-handlers checks it apart).
 */
export function httpPostNodeCalls(pipeline: Pipeline): AlertHandlerCall[] {
  return pipeline.nodes
    .filter((node) => node.type === 'httpPost')
    .map((node) => {
      const endpoint = node.properties.find((call) => call.name === 'endpoint');
      if (endpoint === undefined) return { node: node.name, pos: node.pos, instruction: { kind: 'post', args: scalarsOf(node.args), options: [] } };
      return { node: node.name, pos: endpoint.pos, instruction: { kind: 'httpPost', args: [], options: [{ name: 'endpoint', args: scalarsOf(endpoint.args) }] } };
    });
}

/**
 * Every `|sideload()` node as the instruction the guard checks (kind `sideload`, the directory its
 * `file://` source names as the one argument): the engine reads that directory when it builds the
 * task, so it must be one the deployment allows. A node whose source validateTask would refuse
 * has no instruction.
 */
export function sideloadNodeCalls(pipeline: Pipeline): AlertHandlerCall[] {
  return pipeline.nodes.flatMap((node) => {
    const source = node.type === 'sideload' ? node.properties.findLast((call) => call.name === 'source') : undefined;
    const value = source?.args[0];
    if (source === undefined || value?.type !== 'string') return [];
    const checked = sideloadDirectory(value.value);
    return 'dir' in checked ? [{ node: node.name, pos: source.pos, instruction: { kind: 'sideload', args: [checked.dir], options: [] } }] : [];
  });
}

interface OpenCall {
  readonly node: string;
  readonly pos: Position;
  readonly instruction: { kind: string; args: HandlerInstruction['args']; options: HandlerInstruction['options'][number][] };
  readonly optionNames: ReadonlySet<string>;
}

function handlerCallsOf(node: PipelineNode, optionsOf: ReadonlyMap<string, ReadonlySet<string>>): AlertHandlerCall[] {
  const calls: OpenCall[] = [];
  let open: OpenCall | undefined;
  for (const call of flatten(node.properties)) {
    if (open?.optionNames.has(call.name)) {
      open.instruction.options.push({ name: call.name, args: scalarsOf(call.args) });
      continue;
    }
    const optionNames = optionsOf.get(call.name);
    open = optionNames && { node: node.name, pos: call.pos, instruction: { kind: call.name, args: scalarsOf(call.args), options: [] }, optionNames };
    if (open) calls.push(open);
  }
  return calls.map(({ node: name, pos, instruction }) => ({ node: name, pos, instruction }));
}

function flatten(calls: readonly PropertyCall[]): PropertyCall[] {
  return calls.flatMap((call) => [call, ...flatten(call.properties)]);
}

/** Arguments as the engine records them: durations in ns, other kinds (refused by validateTask) as their text. */
function scalarsOf(values: readonly TickValue[]): (string | number | boolean)[] {
  return values.map((value) => {
    switch (value.type) {
      case 'string':
      case 'float':
      case 'bool':
        return value.value;
      case 'int':
        return Number(value.value);
      case 'duration':
        return Number(value.ns);
      default:
        return value.type;
    }
  });
}
