import type { FieldValue, Point } from '@vigil/core';
import type { TickValue } from '@vigil/tick-lang';
import { regroupedMessage, withPoints } from '../../runtime/group-id';
import type { Message } from '../../runtime/message';
import { asString } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

/**
 * `|default()` (`default.go`): `.field(name, value)` sets a field the point lacks;
 * `.tag(name, value)` sets a tag the point lacks or has empty. Setting a group-by tag moves the
 * point to that group.
 */
class DefaultNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly fields: ReadonlyMap<string, FieldValue>,
    private readonly tags: ReadonlyMap<string, string>,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'batch') {
      emit(withPoints(message, message.points.map((point) => this.withDefaults(point))));
      return;
    }
    const point = this.withDefaults(message.point);
    if (point === message.point) emit(message);
    else if (point.tags === message.point.tags) emit({ ...message, point });
    else emit(regroupedMessage(message, point));
  }

  private withDefaults(point: Point): Point {
    let fields: Record<string, FieldValue> | undefined;
    for (const [name, value] of this.fields) if (point.fields[name] === undefined) (fields ??= { ...point.fields })[name] = value;
    let tags: Record<string, string> | undefined;
    for (const [name, value] of this.tags) if (!point.tags[name]) (tags ??= { ...point.tags })[name] = value;
    if (!fields && !tags) return point;
    return { ...point, fields: fields ?? point.fields, tags: tags ?? point.tags };
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

function literal(value: TickValue): FieldValue {
  switch (value.type) {
    case 'int':
    case 'float':
    case 'string':
    case 'bool':
      return value.value;
    default:
      throw new Error(`not a literal: ${value.type}`);
  }
}

export const defaultNodeBuilder: NodeBuilder = {
  type: 'default',
  build: (definition) => {
    const fields = new Map(definition.calls('field').map((call) => [asString(call.args[0] as TickValue), literal(call.args[1] as TickValue)] as const));
    const tags = new Map(definition.calls('tag').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)] as const));
    return new DefaultNode(definition.name, fields, tags);
  },
};
