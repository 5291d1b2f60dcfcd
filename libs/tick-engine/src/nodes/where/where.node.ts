import { withPoints } from '../../runtime/group-id';
import type { Point } from '@vigil/core';
import type { LambdaInstance } from '../../lambda/compiled-lambda';
import { GroupLambda } from '../../runtime/group-lambda';
import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupStates } from '../../runtime/group-states';
import { member } from '../../runtime/snapshot-codec';
import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { compileNodeLambda, type NodeBuilder } from '../../runtime/node-spec';

/**
 * `|where(lambda)`: keeps the points for which the lambda is true; false or an evaluation error
 * drops the point. Each group has its own expression state (`where.go`), unlike `from().where()`.
 */
class WhereNode implements NodeRuntime {
  private readonly groups = new GroupStates<LambdaInstance>();

  constructor(
    readonly name: string,
    private readonly lambda: GroupLambda,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    let instance = this.groups.get(message.group);
    if (!instance) {
      instance = this.lambda.create();
      this.groups.set(message.group, instance);
    }
    if (message.kind === 'point') {
      if (this.passes(instance, message.point, message.group)) emit(message);
      return;
    }
    const kept = message.points.filter((point) => this.passes(instance, point, message.group));
    emit(withPoints(message, kept));
  }

  private passes(instance: LambdaInstance, point: Point, group: string): boolean {
    try {
      return instance.evaluateBool(point);
    } catch (error) {
      this.errors.lambdaFailed(error, 'where expression', group);
      return false;
    }
  }

  /** A group deletion (`|barrier().delete(TRUE)`): the group starts afresh with its next point. */
  forgetGroup(group: string): void {
    this.groups.delete(group);
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    return { groups: this.groups.snapshot((instance) => this.lambda.snapshot(instance)) };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => {
      const instance = this.lambda.create();
      instance.restore(encoded);
      return instance;
    });
  }
}

export const whereNodeBuilder: NodeBuilder = {
  type: 'where',
  build: (definition, context) => {
    const lambda = new GroupLambda(compileNodeLambda(definition, context, definition.argLambda(0)));
    return new WhereNode(definition.name, lambda, new ErrorReporter(context.task, definition.name));
  },
};
