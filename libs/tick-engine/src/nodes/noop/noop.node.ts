import type { Message } from '../../runtime/message';
import { NO_ARGS } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeSpec } from '../../runtime/node-spec';

/** Passes everything on; the compiler adds it under a node that `stats` watches and that has no children. */
class NoopNode implements NodeRuntime {
  constructor(readonly name: string) {}

  receive(message: Message, emit: Emit): void {
    emit(message);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const noopNodeSpec: NodeSpec = {
  type: 'noop',
  summary: 'Does nothing; added by the compiler so that a node watched by `stats` or `deadman` has an output to count.',
  signature: NO_ARGS,
  properties: [],
  build: (definition) => new NoopNode(definition.name),
};
