import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

/** The task's source: every point written to the task (after the dbrp check) goes to its children. */
class StreamNode implements NodeRuntime {
  constructor(readonly name: string) {}

  receive(message: Message, emit: Emit): void {
    emit(message);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const streamNodeBuilder: NodeBuilder = {
  type: 'stream',
  build: (definition) => new StreamNode(definition.name),
};
