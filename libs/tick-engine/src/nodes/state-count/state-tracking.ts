import type { FieldValue, Point } from '@vigil/core';
import type { LambdaInstance } from '../../lambda/compiled-lambda';
import type { GroupLambda } from '../../runtime/group-lambda';
import type { ErrorReporter } from '../../runtime/error-reporter';
import { GroupStates } from '../../runtime/group-states';
import { withPoint } from '../../runtime/group-id';
import type { BatchMessage, Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { member } from '../../runtime/snapshot-codec';

/** A group of a state-tracking node: its own expression instance and what it has counted so far. */
export interface TrackedGroup<S> {
  readonly lambda: LambdaInstance;
  state: S;
}

/** What `stateCount` and `stateDuration` track while the lambda stays true (`state_tracking.go`). */
export interface Tracker<S> {
  readonly initial: S;
  /** Updates the group for a point in or out of the state and returns the value to add. */
  track(group: TrackedGroup<S>, time: bigint, inState: boolean): FieldValue;
  encode(state: S): unknown;
  decode(encoded: unknown): S;
}

/**
 * Evaluates the lambda on each point of a group and adds the tracker's value as the field `as`.
 * A lambda error drops the point and leaves the count or timer unchanged. A batch starts from a
 * fresh state (Kapacitor resets the tracker at each batch) but keeps the group's expression.
 */
export class StateTrackingNode<S> implements NodeRuntime {
  private readonly groups = new GroupStates<TrackedGroup<S>>();

  constructor(
    readonly name: string,
    private readonly lambda: GroupLambda,
    private readonly as: string,
    private readonly tracker: Tracker<S>,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    let group = this.groups.get(message.group);
    if (!group) {
      group = { lambda: this.lambda.create(), state: this.tracker.initial };
      this.groups.set(message.group, group);
    }
    if (message.kind === 'batch') {
      this.receiveBatch(group, message, emit);
      return;
    }
    const point = this.track(group, message.point, message.group);
    if (point) emit(withPoint(message, point));
  }

  private receiveBatch(group: TrackedGroup<S>, batch: BatchMessage, emit: Emit): void {
    group.state = this.tracker.initial;
    const points: Point[] = [];
    for (const point of batch.points) {
      const tracked = this.track(group, point, batch.group);
      if (tracked) points.push(tracked);
    }
    emit({ ...batch, points });
  }

  private track(group: TrackedGroup<S>, point: Point, groupId: string): Point | undefined {
    let inState: boolean;
    try {
      inState = group.lambda.evaluateBool(point);
    } catch (error) {
      this.errors.lambdaFailed(error, 'expression', groupId);
      return undefined;
    }
    const value = this.tracker.track(group, point.time, inState);
    return { ...point, fields: { ...point.fields, [this.as]: value } };
  }

  snapshot(): unknown {
    return { groups: this.groups.snapshot((group) => ({ lambda: this.lambda.snapshot(group.lambda), state: this.tracker.encode(group.state) })) };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => {
      const lambda = this.lambda.restore(member(encoded, 'lambda', 'state group'));
      return { lambda, state: this.tracker.decode(member(encoded, 'state', 'state group')) };
    });
  }
}
