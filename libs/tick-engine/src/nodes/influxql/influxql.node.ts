import { ErrorReporter } from '../../runtime/error-reporter';
import type { NodeDefinition } from '../../runtime/node-definition';
import type { NodeBuildContext, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { AggregateNode } from './aggregate-node';
import { FieldCollector } from './field-collector';
import { INFLUXQL_FUNCTIONS, type FunctionArguments, type InfluxqlFunction } from './influxql-functions';
import { TransformNode } from './transform-node';

function buildInfluxqlNode(fn: InfluxqlFunction, definition: NodeDefinition, context: NodeBuildContext): NodeRuntime {
  const field = definition.argString(0);
  const args: FunctionArguments = {
    percentile: fn.name === 'percentile' ? definition.argFloat(1) : 0,
    window: fn.name === 'movingAverage' ? Number(definition.argInt(1)) : 0,
    unit: fn.name === 'elapsed' ? definition.argDuration(1) : 0n,
  };
  if (fn.name === 'movingAverage' && args.window <= 0) definition.fail('movingAverage window must be greater than zero');
  if (fn.name === 'elapsed' && args.unit <= 0n) definition.fail('elapsed unit must be greater than zero');
  const settings = {
    field,
    as: definition.string('as'),
    pointTimes: fn.role === 'transform' || definition.has('usePointTimes'),
    selector: fn.role === 'aggregate' && fn.selector,
  };
  const collector = new FieldCollector(fn, field, new ErrorReporter(context.task, definition.name));
  if (fn.role === 'transform') return new TransformNode(definition.name, fn, settings, collector, args);
  return new AggregateNode(definition.name, fn, settings, collector, args.percentile);
}

/** One node per InfluxQL function: `|mean('value').as('m')`, `|percentile('latency', 95.0)`, ... */
export const influxqlNodeBuilders: readonly NodeBuilder[] = INFLUXQL_FUNCTIONS.map((fn) => ({
  type: fn.name,
  build: (definition, context) => buildInfluxqlNode(fn, definition, context),
}));
