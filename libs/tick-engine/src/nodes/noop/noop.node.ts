import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

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

export const noopNodeBuilder: NodeBuilder = {
  type: 'noop',
  build: (definition) => new NoopNode(definition.name),
};
