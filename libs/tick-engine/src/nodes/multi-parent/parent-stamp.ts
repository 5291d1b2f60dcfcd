import type { Pipeline, PipelineNode } from '@vigil/tick-lang';
import { withPoints } from '../../runtime/group-id';
import { forwardControl } from '../../runtime/control';
import type { FlowMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';

/** Node types whose behaviour depends on which parent sent a message (Kapacitor's `src` index). */
export const SEVERAL_PARENT_TYPES: ReadonlySet<string> = new Set(['join', 'union']);

/** A message as a node with several parents receives it: stamped with the id of the parent that sent it. */
type Stamped = FlowMessage & { readonly via?: number };

/**
 * Whether a node sends to a node with several parents, which then needs to know the sender: the
 * engine's wiring hands a child every message of every parent through one `receive`, so such a
 * parent stamps what it emits with its own id (`stampParent`).
 */
export function feedsSeveralParentNode(node: PipelineNode, pipeline: Pipeline): boolean {
  return node.children.some((child) => SEVERAL_PARENT_TYPES.has(pipeline.nodes[child]?.type ?? ''));
}

/**
 * Makes a node stamp every message it emits (from `receive` and from `tick`) with its id. The
 * runtime is changed in place so that everything else about it (entries, groupOf, snapshot)
 * stays as its node built it.
 */
export function stampParent(runtime: NodeRuntime, id: number): NodeRuntime {
  const stamping = (emit: Emit): Emit => (message) => emit(stamp(message, id));
  const receive = runtime.receive.bind(runtime);
  runtime.receive = (message, emit) => receive(message, stamping(emit));
  // Barriers and deletions the node passes on by default are stamped too.
  const control = runtime.control?.bind(runtime) ?? ((message, emit) => forwardControl(runtime, message, emit));
  runtime.control = (message, emit) => control(message, stamping(emit));
  const tick = runtime.tick?.bind(runtime);
  if (tick) runtime.tick = (now, emit) => tick(now, stamping(emit));
  return runtime;
}

function stamp(message: FlowMessage, id: number): Stamped {
  // A column batch computes its points lazily on its prototype; a plain copy keeps them.
  const plain = message.kind === 'batch' && message.column ? withPoints(message, message.points) : message;
  return { ...plain, via: id };
}

/** The index among `parents` of the parent that sent the message. */
export function parentIndexOf(message: FlowMessage, parents: readonly number[], node: string): number {
  const via = (message as Stamped).via;
  const index = via === undefined ? -1 : parents.indexOf(via);
  if (index < 0) throw new Error(`${node}: received a message from no known parent (the node registry stamps the parents of join and union)`);
  return index;
}
