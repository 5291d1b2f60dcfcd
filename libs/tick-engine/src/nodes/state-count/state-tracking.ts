import type { FieldValue, Point } from '@vigil/core';
import type { LambdaInstance } from '../../lambda/compiled-lambda';
import type { ErrorReporter } from '../../runtime/error-reporter';
import type { GroupLambda } from '../../runtime/group-lambda';
import { GroupStates } from '../../runtime/group-states';
import { withPoint, withPoints } from '../../runtime/group-id';
import type { BatchMessage, Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeEntries } from '../../runtime/node-entries';
import { withField } from '../../runtime/point-fields';
import { expectRecord, member } from '../../runtime/snapshot-codec';

/** What `stateCount` and `stateDuration` track while the lambda stays true (`state_tracking.go`). */
export interface Tracker<S> {
  readonly initial: S;
  /** The group's state after a point in or out of the state. */
  next(state: S, time: bigint, inState: boolean): S;
  /** The value added to that point, from the state `next` returned. */
  value(state: S, time: bigint, inState: boolean): FieldValue;
  encode(state: S): unknown;
  decode(encoded: unknown): S;
}

/**
 * Evaluates the lambda on each point of a group and adds the tracker's value as the field `as`.
 * A lambda error drops the point and leaves the count or timer unchanged. A batch starts from a
 * fresh state (Kapacitor resets the tracker at each batch) but keeps the group's expression.
 * Per group the node keeps the tracker state, plus an expression instance only when the lambda
 * has stateful functions (a stateless one is shared: see GroupLambda).
 */
export class StateTrackingNode<S> implements NodeRuntime {
  private readonly states = new GroupStates<S>();
  private readonly lambdas = new GroupStates<LambdaInstance>();

  constructor(
    readonly name: string,
    private readonly lambda: GroupLambda,
    private readonly as: string,
    private readonly tracker: Tracker<S>,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    const group = message.group;
    const lambda = this.lambdaOf(group);
    if (message.kind === 'batch') {
      this.receiveBatch(lambda, message, emit);
      return;
    }
    const state = this.states.get(group);
    const point = message.point;
    const inState = this.evaluate(lambda, point, group);
    if (inState === undefined) {
      // Kapacitor creates the group before evaluating; an error leaves it at its start.
      if (state === undefined) this.states.set(group, this.tracker.initial);
      return;
    }
    const next = this.tracker.next(state === undefined ? this.tracker.initial : state, point.time, inState);
    this.states.set(group, next);
    emit(withPoint(message, withField(point, this.as, this.tracker.value(next, point.time, inState))));
  }

  private lambdaOf(group: string): LambdaInstance {
    if (this.lambda.shared) return this.lambda.shared;
    let instance = this.lambdas.get(group);
    if (!instance) {
      instance = this.lambda.create();
      this.lambdas.set(group, instance);
    }
    return instance;
  }

  private receiveBatch(lambda: LambdaInstance, batch: BatchMessage, emit: Emit): void {
    let state = this.tracker.initial;
    if (!this.states.get(batch.group)) this.states.set(batch.group, state);
    const points: Point[] = [];
    for (const point of batch.points) {
      const inState = this.evaluate(lambda, point, batch.group);
      if (inState === undefined) continue;
      state = this.tracker.next(state, point.time, inState);
      points.push(withField(point, this.as, this.tracker.value(state, point.time, inState)));
    }
    this.states.set(batch.group, state);
    emit(withPoints(batch, points));
  }

  private evaluate(lambda: LambdaInstance, point: Point, group: string): boolean | undefined {
    try {
      return lambda.evaluateBool(point);
    } catch (error) {
      this.errors.lambdaFailed(error, 'expression', group);
      return undefined;
    }
  }

  /** A group deletion (`|barrier().delete(TRUE)`): the group starts afresh with its next point. */
  forgetGroup(group: string): void {
    this.states.delete(group);
    this.lambdas.delete(group);
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.states.size;
  }

  snapshot(): unknown {
    return {
      groups: this.states.snapshot((state) => this.tracker.encode(state)),
      lambdas: this.lambdas.snapshot((instance) => this.lambda.snapshot(instance)),
    };
  }

  restore(state: unknown): void {
    this.states.restore(member(state, 'groups', this.name), (encoded) => this.tracker.decode(encoded));
    this.lambdas.restore(member(state, 'lambdas', this.name), (encoded) => this.lambda.restore(encoded));
  }

  /** A group's entry is `{s: trackerState, l: lambdaState}`, each present when the node holds it. */
  readonly entries: NodeEntries = {
    shared: () => null,
    restoreShared: () => undefined,
    groups: () => this.states.byGroup.keys(),
    groupState: (group) => {
      const state = this.states.get(group);
      const lambda = this.lambdas.get(group);
      if (!this.states.byGroup.has(group) && lambda === undefined) return undefined;
      return {
        ...(this.states.byGroup.has(group) ? { s: this.tracker.encode(state as S) } : {}),
        ...(lambda === undefined ? {} : { l: this.lambda.snapshot(lambda) }),
      };
    },
    restoreGroup: (group, encoded) => {
      const entry = expectRecord(encoded, `${this.name} group ${group}`);
      if (Object.hasOwn(entry, 's')) this.states.set(group, this.tracker.decode(entry['s']));
      if (Object.hasOwn(entry, 'l') && !this.lambda.shared) this.lambdas.set(group, this.lambda.restore(entry['l']));
    },
    evictGroup: (group) => {
      this.states.delete(group);
      this.lambdas.delete(group);
    },
    // A group out of its state continues as a new one would (the next point starts at the
    // initial state either way); a stateful lambda's counts would be lost.
    groupIsQuiet: (group) => {
      if (this.lambdas.get(group) !== undefined) return false;
      const state = this.states.get(group);
      return !this.states.byGroup.has(group) || JSON.stringify(this.tracker.encode(state as S)) === JSON.stringify(this.tracker.encode(this.tracker.initial));
    },
  };
}
