import { withPoints } from '../../runtime/group-id';
import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

/** `|shift(d)` (`shift.go`): moves point times (and a batch's time) by d, which may be negative. */
class ShiftNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly shift: bigint,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'point') {
      emit({ ...message, point: { ...message.point, time: message.point.time + this.shift } });
      return;
    }
    emit(withPoints(message, message.points.map((point) => ({ ...point, time: point.time + this.shift })), message.tmax + this.shift));
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const shiftNodeBuilder: NodeBuilder = {
  type: 'shift',
  build: (definition) => new ShiftNode(definition.name, definition.argDuration(0)),
};
