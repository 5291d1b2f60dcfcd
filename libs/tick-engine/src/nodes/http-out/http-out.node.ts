import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

/**
 * `|httpOut('name')`: publishes the latest message of each group under the endpoint name (served
 * by the host at `/kapacitor/v1/tasks/<task>/<name>`) and passes it on.
 */
class HttpOutNode implements NodeRuntime {
  /**
   * The groups the node has passed, for `working_cardinality` only (Kapacitor's grouped consumer
   * counts them; this node keeps no state by group): not checkpointed, counted again after a restore.
   */
  private readonly seen = new Set<string>();
  constructor(
    readonly name: string,
    private readonly task: TaskContext,
    private readonly endpoint: string,
  ) {}

  receive(message: Message, emit: Emit): void {
    this.seen.add(message.group);
    this.task.publish(this.endpoint, message.group, message);
    emit(message);
  }

  /** Kapacitor's `working_cardinality`: the groups this node has passed. */
  workingCardinality(): number {
    return this.seen.size;
  }

  /** A deleted group's result goes too, as Kapacitor's httpOut removes its row on DeleteGroup. */
  forgetGroup(group: string): void {
    this.seen.delete(group);
    this.task.publish(this.endpoint, group, undefined);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const httpOutNodeBuilder: NodeBuilder = {
  type: 'httpOut',
  build: (definition, context) => new HttpOutNode(definition.name, context.task, definition.argString(0)),
};
