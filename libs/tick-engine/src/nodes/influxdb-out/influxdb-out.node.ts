import type { TickValue } from '@vigil/tick-lang';
import type { Message } from '../../runtime/message';
import { asString, flag } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeSpec } from '../../runtime/node-spec';
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

export const influxDBOutNodeSpec: NodeSpec = {
  type: 'influxDBOut',
  summary:
    "Writes the points to InfluxDB through the host's point sink: `.database()` (required), `.retentionPolicy()`, `.measurement()` (default: the point's), `.tag('k', 'v')` to add tags, `.precision('s')`. Buffering options (`.buffer`, `.flushInterval`, `.create`, `.writeConsistency`, `.cluster`) are accepted and left to the host.",
  signature: { args: [] },
  properties: [
    { name: 'database', args: ['string'] },
    { name: 'retentionPolicy', args: ['string'] },
    { name: 'measurement', args: ['string'] },
    { name: 'tag', args: ['string', 'string'] },
    { name: 'precision', args: ['string'] },
    { name: 'buffer', args: ['int'] },
    { name: 'flushInterval', args: ['duration'] },
    flag('create'),
    { name: 'writeConsistency', args: ['string'] },
    { name: 'cluster', args: ['string'] },
  ],
  build: (definition, context) => {
    const database = definition.string('database', '');
    if (database === '') definition.fail('influxDBOut needs a .database()');
    const precisionName = definition.string('precision', '');
    const precision = precisionNs(precisionName);
    if (precision === undefined) return definition.fail(`invalid precision '${precisionName}'`, definition.last('precision')?.pos);
    const tags = Object.fromEntries(definition.calls('tag').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)]));
    const sink = { node: definition.name, kind: 'influxDBOut' as const, database, retentionPolicy: definition.string('retentionPolicy', ''), measurement: definition.string('measurement', '') };
    return new PointSinkNode(definition.name, new PointWriter(context.task, sink, tags, precision));
  },
};
