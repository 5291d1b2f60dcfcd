import { withPoints } from '../../runtime/group-id';
import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupStates } from '../../runtime/group-states';
import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { decodeField, encodeField, expectArray, member, SnapshotError } from '../../runtime/snapshot-codec';

/** The listed fields of the last point a group passed (undefined where that point lacked one). */
type Passed = (FieldValue | undefined)[];

/**
 * `|changeDetect('f', ...)` (`change_detect.go`): passes the first point of a group and then
 * only points where a listed field differs from the last passed point, compared as Go compares
 * interface values (type and value: int 1 differs from float 1). A listed field missing from the
 * point is skipped with an error.
 */
class ChangeDetectNode implements NodeRuntime {
  private readonly groups = new GroupStates<Passed>();

  constructor(
    readonly name: string,
    private readonly fields: readonly string[],
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'point') {
      const passed = this.detect(this.groups.get(message.group), message.point, message.group);
      if (!passed) return;
      this.groups.set(message.group, passed);
      emit(message);
      return;
    }
    let previous: Passed | undefined;
    const points: Point[] = [];
    for (const point of message.points) {
      const passed = this.detect(previous, point, message.group);
      if (!passed) continue;
      previous = passed;
      points.push(point);
    }
    emit(withPoints(message, points));
  }

  /** The point's listed fields when it changed something, else undefined. */
  private detect(previous: Passed | undefined, point: Point, group: string): Passed | undefined {
    let changed = false;
    this.fields.forEach((field, i) => {
      const value = point.fields[field];
      if (value === undefined) {
        this.errors.report(`expected field ${field} not found`, group);
        return;
      }
      if (!changed && !sameValue(previous?.[i], value)) changed = true;
    });
    return changed ? this.fields.map((field) => point.fields[field]) : undefined;
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
    return { groups: this.groups.snapshot((passed) => passed.map((value) => (value === undefined ? null : encodeField(value)))) };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => {
      const values = expectArray(encoded, 'changeDetect group');
      if (values.length !== this.fields.length) throw new SnapshotError('changeDetect group: wrong number of fields');
      return values.map((value) => (value === null ? undefined : decodeField(value)));
    });
  }
}

/** Go's `==` on two interface values holding field values. */
function sameValue(a: FieldValue | undefined, b: FieldValue): boolean {
  if (a instanceof Unsigned || b instanceof Unsigned) return a instanceof Unsigned && b instanceof Unsigned && a.value === b.value;
  return typeof a === typeof b && a === b;
}

export const changeDetectNodeBuilder: NodeBuilder = {
  type: 'changeDetect',
  build: (definition, context) =>
    new ChangeDetectNode(definition.name, definition.node.args.map((_, i) => definition.argString(i)), new ErrorReporter(context.task, definition.name)),
};
