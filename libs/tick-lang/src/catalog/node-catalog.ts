import type { NodeSpec, PropertySpec } from './catalog-types';
import { INFLUXQL_NODES } from './aggregate-nodes.catalog';
import { ALERT_NODE } from './alert-node.catalog';
import { BARRIER_NODE } from './barrier-node.catalog';
import { BATCH_NODE, PROMQL_NODE, QUERY_NODE } from './batch-nodes.catalog';
import { JOIN_NODE, UNION_NODE } from './multi-parent-nodes.catalog';
import { HTTP_OUT_NODE, HTTP_POST_NODE, INFLUXDB_OUT_NODE, KAPACITOR_LOOPBACK_NODE } from './output-nodes.catalog';
import { COMBINE_NODE, DELETE_NODE, FLATTEN_NODE, SIDELOAD_NODE } from './reshape-nodes.catalog';
import { DEADMAN_NODE, FROM_NODE, NOOP_NODE, STATS_NODE, STREAM_NODE } from './source-nodes.catalog';
import {
  CHANGE_DETECT_NODE, DEFAULT_NODE, DERIVATIVE_NODE, EVAL_NODE, GROUP_BY_NODE, LOG_NODE, SAMPLE_NODE,
  SHIFT_NODE, STATE_COUNT_NODE, STATE_DURATION_NODE, WHERE_NODE, WINDOW_NODE,
} from './transform-nodes.catalog';
import { UNSUPPORTED_NODES } from './unsupported-nodes.catalog';
import { UDF_NODE } from './udf-node.catalog';

/**
 * Every node a TICKscript can create, with its chaining-method arguments, its properties and its
 * documentation. The compiler validates scripts against this list; docs are rendered from it.
 */
export const NODE_CATALOG: readonly NodeSpec[] = [
  STREAM_NODE,
  FROM_NODE,
  BATCH_NODE,
  QUERY_NODE,
  PROMQL_NODE,
  WHERE_NODE,
  GROUP_BY_NODE,
  WINDOW_NODE,
  ...INFLUXQL_NODES,
  DERIVATIVE_NODE,
  EVAL_NODE,
  DEFAULT_NODE,
  DELETE_NODE,
  COMBINE_NODE,
  FLATTEN_NODE,
  SIDELOAD_NODE,
  STATE_COUNT_NODE,
  STATE_DURATION_NODE,
  CHANGE_DETECT_NODE,
  SHIFT_NODE,
  SAMPLE_NODE,
  BARRIER_NODE,
  UNION_NODE,
  JOIN_NODE,
  STATS_NODE,
  DEADMAN_NODE,
  LOG_NODE,
  HTTP_OUT_NODE,
  HTTP_POST_NODE,
  INFLUXDB_OUT_NODE,
  KAPACITOR_LOOPBACK_NODE,
  ALERT_NODE,
  NOOP_NODE,
  UDF_NODE,
  ...UNSUPPORTED_NODES,
];

const BY_NAME: ReadonlyMap<string, NodeSpec> = new Map(NODE_CATALOG.map((spec) => [spec.name, spec]));

/** The spec of a node type (`window`, `stateCount`, ...), or undefined. */
export function findNodeSpec(name: string): NodeSpec | undefined {
  return BY_NAME.get(name);
}

/** Like findNodeSpec, for types that must exist (those of a compiled pipeline). */
export function nodeSpec(name: string): NodeSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`no node spec named ${name}`);
  return spec;
}

/** A property of a node or handler by name. */
export function findProperty(properties: readonly PropertySpec[], name: string): PropertySpec | undefined {
  return properties.find((property) => property.name === name);
}

/** Names of the chaining methods allowed after a node of this spec, sorted. */
export function chainMethodNames(spec: NodeSpec): string[] {
  if (spec.provides === 'none') return [];
  if (spec.chainMethods) return [...spec.chainMethods].sort();
  return NODE_CATALOG.filter((candidate) => !candidate.internal && !candidate.unsupported && !candidate.onlyAfterStream && !candidate.onlyAfterBatch)
    .map((candidate) => candidate.name)
    .sort();
}

/** Names of a node's (or handler's) properties that vigil supports, sorted. */
export function propertyNames(properties: readonly PropertySpec[]): string[] {
  return properties.filter((property) => !property.unsupported).map((property) => property.name).sort();
}

/** The alert handlers (alert properties that open a handler object). */
export function alertHandlerSpecs(): PropertySpec[] {
  return nodeSpec('alert').properties.filter((property) => property.opens !== undefined);
}
