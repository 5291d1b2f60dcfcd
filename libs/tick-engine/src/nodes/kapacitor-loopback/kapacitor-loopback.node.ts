import type { TickValue } from '@vigil/tick-lang';
import { asString } from '../../runtime/node-definition';
import type { NodeBuilder } from '../../runtime/node-spec';
import { PointSinkNode } from '../influxdb-out/influxdb-out.node';
import { PointWriter } from '../influxdb-out/point-writer';

export const kapacitorLoopbackNodeBuilder: NodeBuilder = {
  type: 'kapacitorLoopback',
  build: (definition, context) => {
    const database = definition.string('database');
    const retentionPolicy = definition.string('retentionPolicy');
    const tags = Object.fromEntries(definition.calls('tag').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)]));
    const sink = { node: definition.name, kind: 'kapacitorLoopback' as const, database, retentionPolicy, measurement: definition.string('measurement') };
    return new PointSinkNode(definition.name, new PointWriter(context.task, sink, tags, 1n));
  },
};
