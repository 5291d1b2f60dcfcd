import type { TickValue } from '@vigil/tick-lang';
import type { Message } from '../../runtime/message';
import { asString } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { PointWriter, precisionNs } from './point-writer';

/** A terminal node that hands every point it receives to a point sink. */
export class PointSinkNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly writer: PointWriter,
  ) {}

  receive(message: Message, _emit: Emit): void {
    this.writer.write(message);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const influxDBOutNodeBuilder: NodeBuilder = {
  type: 'influxDBOut',
  build: (definition, context) => {
    const database = definition.string('database');
    if (database === '') definition.fail('influxDBOut needs a .database()');
    const precisionName = definition.string('precision');
    const precision = precisionNs(precisionName);
    if (precision === undefined) return definition.fail(`invalid precision '${precisionName}'`, definition.last('precision')?.pos);
    const tags = Object.fromEntries(definition.calls('tag').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)]));
    const sink = { node: definition.name, kind: 'influxDBOut' as const, database, retentionPolicy: definition.string('retentionPolicy'), measurement: definition.string('measurement') };
    return new PointSinkNode(definition.name, new PointWriter(context.task, sink, tags, precision));
  },
};
