import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupStates } from '../../runtime/group-states';
import { withField } from '../../runtime/point-fields';
import { withPoint, withPoints } from '../../runtime/group-id';
import type { BatchMessage, Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { decodeBigint, expectNumber, member } from '../../runtime/snapshot-codec';

/** The previous point of a group, as far as the derivative needs it. */
interface Previous {
  readonly time: bigint;
  readonly value: number;
}

interface DerivativeOptions {
  readonly field: string;
  readonly as: string;
  readonly unit: bigint;
  readonly nonNegative: boolean;
}

/**
 * `|derivative('f')` (`derivative.go`): the rate of change of a field between a point and the
 * previous point of its group, per `unit`, added to the current point as `as` (by default the
 * field itself, which is overwritten). The first point, a zero elapsed time and (with
 * `.nonNegative()`) a negative change emit nothing but still become the previous point; a point
 * whose field is not a number emits nothing and leaves the previous point in place.
 */
class DerivativeNode implements NodeRuntime {
  private readonly groups = new GroupStates<Previous>();

  constructor(
    readonly name: string,
    private readonly options: DerivativeOptions,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'batch') {
      this.receiveBatch(message, emit);
      return;
    }
    const previous = this.groups.get(message.group);
    const result = this.derive(previous, message.point, message.group);
    if (result.store) this.groups.set(message.group, result.store);
    if (result.point) emit(withPoint(message as PointMessage, result.point));
  }

  private receiveBatch(batch: BatchMessage, emit: Emit): void {
    let previous: Previous | undefined;
    const points: Point[] = [];
    for (const point of batch.points) {
      const result = this.derive(previous, point, batch.group);
      if (result.store) previous = result.store;
      if (result.point) points.push(result.point);
    }
    emit(withPoints(batch, points));
  }

  private derive(previous: Previous | undefined, point: Point, group: string): { store?: Previous; point?: Point } {
    const value = numeric(point.fields[this.options.field]);
    if (value === undefined) {
      this.errors.report(`derivative: field ${this.options.field} is missing or not a number`, group);
      return {};
    }
    const store = { time: point.time, value };
    if (!previous) return { store };
    const elapsed = Number(point.time - previous.time);
    if (elapsed === 0) {
      this.errors.report('cannot perform derivative: elapsed time was 0', group);
      return { store };
    }
    const difference = value - previous.value;
    if (this.options.nonNegative && difference < 0) return { store };
    const rate = difference / (elapsed / Number(this.options.unit));
    return { store, point: withField(point, this.options.as, rate) };
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
    return { groups: this.groups.snapshot((previous) => ({ time: previous.time.toString(), value: previous.value })) };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => ({
      time: decodeBigint(member(encoded, 'time', 'derivative'), 'time'),
      value: expectNumber(member(encoded, 'value', 'derivative'), 'value'),
    }));
  }
}

/** Kapacitor's `numToFloat`: ints and floats are numbers, anything else is not. */
function numeric(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Unsigned) return Number(value.value);
  return undefined;
}

export const derivativeNodeBuilder: NodeBuilder = {
  type: 'derivative',
  build: (definition, context) => {
    const field = definition.argString(0);
    const unit = definition.duration('unit');
    if (unit <= 0n) definition.fail('derivative unit must be greater than zero');
    return new DerivativeNode(
      definition.name,
      { field, as: definition.has('as') ? definition.string('as') : field, unit, nonNegative: definition.has('nonNegative') },
      new ErrorReporter(context.task, definition.name),
    );
  },
};
