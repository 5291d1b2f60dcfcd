import type { ControlMessage, FlowMessage, Message } from './message';
import type { Emit, NodeRuntime } from './node-runtime';

/**
 * What a node without its own `control` does with a barrier or a group deletion: what most of
 * Kapacitor's nodes do. A barrier goes on unchanged (their `Barrier` returns `b, nil`); a deletion
 * makes the node forget the group and goes on. Kapacitor's grouped consumer stops a deletion of
 * a group it never created, but it creates one for every point and barrier it sees, so a child
 * cannot hold a group its parent lacks: passing deletions on always changes nothing.
 */
export function forwardControl(node: NodeRuntime, message: ControlMessage, emit: Emit): void {
  if (message.kind === 'deleteGroup') node.forgetGroup?.(message.group);
  emit(message);
}

/** Whether a message carries data (what Kapacitor's edge statistics count), not a barrier or deletion. */
export function isData(message: FlowMessage): message is Message {
  return message.kind === 'point' || message.kind === 'batch';
}

/** Hands any message to a node: data to `receive`, barriers and deletions to `control`. */
export function dispatch(node: NodeRuntime, message: FlowMessage, emit: Emit): void {
  if (isData(message)) node.receive(message, emit);
  else if (node.control) node.control(message, emit);
  else forwardControl(node, message, emit);
}
