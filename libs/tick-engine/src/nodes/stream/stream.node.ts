import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { NO_ARGS } from '../../runtime/node-definition';
import type { NodeSpec } from '../../runtime/node-spec';

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

export const streamNodeSpec: NodeSpec = {
  type: 'stream',
  summary: 'The stream of points written to the databases and retention policies of the task (its dbrps). Chain `from()` to select points.',
  signature: NO_ARGS,
  properties: [],
  build: (definition) => new StreamNode(definition.name),
};
