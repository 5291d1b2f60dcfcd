import type { FieldValue } from '@vigil/core';
import { ErrorReporter } from '../../runtime/error-reporter';
import type { NodeDefinition } from '../../runtime/node-definition';
import type { NodeBuildContext, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { AggregateNode } from './aggregate-node';
import { FieldCollector } from './field-collector';
import { holtWintersReducer } from './holt-winters';
import type { AggregateFunction, BatchPoints } from './influxql-functions';

/** Kapacitor's `EmitBatch` for a forecast: `{as: value}` at each forecast time, with the group tags. */
const forecastPoints: BatchPoints = (settings, reduced, name, batchTime, groupTags) =>
  reduced.map((entry) => ({ database: '', retentionPolicy: '', name, tags: groupTags, fields: { [settings.as]: entry.value as FieldValue }, time: entry.time ?? batchTime }));

function buildHoltWinters(includeFitData: boolean, definition: NodeDefinition, context: NodeBuildContext): NodeRuntime {
  const field = definition.argString(0);
  const interval = definition.argDuration(3);
  // InfluxQL divides by the interval (roundTime): Kapacitor's task panics on a zero one.
  if (interval <= 0n) definition.fail('holtWinters interval must be greater than zero');
  const fn: AggregateFunction = {
    role: 'aggregate',
    // pipeline/influxql.go names both forms holtWinters: the default field and error messages say so.
    name: 'holtWinters',
    kinds: ['float', 'int'],
    reduce: holtWintersReducer({ h: Number(definition.argInt(1)), m: Number(definition.argInt(2)), includeFitData, interval }),
    selector: false,
    emptyOk: false,
    emitsBatch: true,
    batchPoints: forecastPoints,
  };
  // Holt-Winters always uses point times (pipeline/influxql.go sets PointTimes).
  const settings = { field, as: definition.string('as'), pointTimes: true, selector: false };
  return new AggregateNode(definition.name, fn, settings, new FieldCollector(fn, field, new ErrorReporter(context.task, definition.name)), 0);
}

function holtWintersBuilder(type: 'holtWinters' | 'holtWintersWithFit'): NodeBuilder {
  return {
    type,
    build: (definition, context) => buildHoltWinters(type === 'holtWintersWithFit', definition, context),
  };
}

/** `|holtWinters('field', h, m, interval)` and `|holtWintersWithFit(...)`. */
export const holtWintersNodeBuilders: readonly NodeBuilder[] = [holtWintersBuilder('holtWinters'), holtWintersBuilder('holtWintersWithFit')];
