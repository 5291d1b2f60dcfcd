import type { NodeFactory } from '../runtime/node-runtime';
import { alertNodeBuilder, createAlertNodeBuilder, type AlertNodeOptions } from './alert';
import { factoryOf, type NodeBuilder } from '../runtime/node-spec';
import { barrierNodeBuilder } from './barrier/barrier.node';
import { changeDetectNodeBuilder } from './change-detect/change-detect.node';
import { combineNodeBuilder } from './combine/combine.node';
import { defaultNodeBuilder } from './default/default.node';
import { deleteNodeBuilder } from './delete/delete.node';
import { derivativeNodeBuilder } from './derivative/derivative.node';
import { evalNodeBuilder } from './eval/eval.node';
import { flattenNodeBuilder } from './flatten/flatten.node';
import { fromNodeBuilder } from './from/from.node';
import { groupByNodeBuilder } from './group-by/group-by.node';
import { httpOutNodeBuilder } from './http-out/http-out.node';
import { createHttpPostNodeBuilder, httpPostNodeBuilder } from './http-post/http-post.node';
import type { HttpPostEndpoints } from './http-post/http-post-endpoint';
import { influxDBOutNodeBuilder } from './influxdb-out/influxdb-out.node';
import { holtWintersNodeBuilders } from './influxql/holt-winters.node';
import { influxqlNodeBuilders } from './influxql/influxql.node';
import { topBottomNodeBuilders } from './influxql/top-bottom';
import { joinNodeBuilder } from './join/join.node';
import { kapacitorLoopbackNodeBuilder } from './kapacitor-loopback/kapacitor-loopback.node';
import { logNodeBuilder } from './log/log.node';
import { feedsSeveralParentNode, stampParent } from './multi-parent/parent-stamp';
import { noopNodeBuilder } from './noop/noop.node';
import { batchSourceBuilders } from './query/query.node';
import { sampleNodeBuilder } from './sample/sample.node';
import { shiftNodeBuilder } from './shift/shift.node';
import { createSideloadNodeBuilder, sideloadNodeBuilder } from './sideload/sideload.node';
import type { SideloadSources } from './sideload/sideload-sources';
import { stateCountNodeBuilder } from './state-count/state-count.node';
import { stateDurationNodeBuilder } from './state-duration/state-duration.node';
import { statsNodeBuilder } from './stats/stats.node';
import { streamNodeBuilder } from './stream/stream.node';
import { unionNodeBuilder } from './union/union.node';
import { whereNodeBuilder } from './where/where.node';
import { windowNodeBuilder } from './window/window.node';
import { DECLARED_UDF_AGENTS, UdfAgents, udfNodeFactory } from './udf/udf.node';

/** One node type the engine can run: its TICKscript name (its catalog entry documents it) and factory. */
export interface NodeRegistration {
  readonly type: string;
  readonly factory: NodeFactory;
}

export function registrationOf(builder: NodeBuilder): NodeRegistration {
  return { type: builder.type, factory: factoryOf(builder) };
}

/** Every stream node vigil runs except `alert`, whose builder takes a deployment's settings (createEngineRegistry). */
export const STREAM_NODE_BUILDERS: readonly NodeBuilder[] = [
  streamNodeBuilder,
  fromNodeBuilder,
  whereNodeBuilder,
  groupByNodeBuilder,
  windowNodeBuilder,
  ...influxqlNodeBuilders,
  ...topBottomNodeBuilders,
  ...holtWintersNodeBuilders,
  derivativeNodeBuilder,
  evalNodeBuilder,
  defaultNodeBuilder,
  deleteNodeBuilder,
  combineNodeBuilder,
  flattenNodeBuilder,
  sideloadNodeBuilder,
  stateCountNodeBuilder,
  stateDurationNodeBuilder,
  changeDetectNodeBuilder,
  shiftNodeBuilder,
  sampleNodeBuilder,
  barrierNodeBuilder,
  unionNodeBuilder,
  joinNodeBuilder,
  statsNodeBuilder,
  noopNodeBuilder,
  logNodeBuilder,
  httpOutNodeBuilder,
  httpPostNodeBuilder,
  influxDBOutNodeBuilder,
  kapacitorLoopbackNodeBuilder,
];

/**
 * The node types of a task, looked up by TICKscript name. Built from an explicit list; a type
 * registered twice is an error at startup, and a pipeline node without a registration fails the
 * task with the node's name and position.
 */
export class NodeRegistry {
  private readonly byType = new Map<string, NodeRegistration>();

  constructor(registrations: readonly NodeRegistration[]) {
    for (const registration of registrations) {
      if (this.byType.has(registration.type)) throw new Error(`node type ${registration.type} is registered twice`);
      this.byType.set(registration.type, { ...registration, factory: stampingParentsOfJoins(registration.factory) });
    }
  }

  find(type: string): NodeRegistration | undefined {
    return this.byType.get(type);
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }
}

/**
 * A parent of a `join` or `union` stamps what it emits with its id, so that the child knows
 * which parent sent each message (see stampParent); other nodes are built as they are.
 */
function stampingParentsOfJoins(factory: NodeFactory): NodeFactory {
  return (node, context) => {
    const runtime = factory(node, context);
    return feedsSeveralParentNode(node, context.pipeline) ? stampParent(runtime, node.id) : runtime;
  };
}

/** The `udf` node type, running the functions `agents` holds (none declared: every `@name()` is refused). */
function udfRegistration(agents: UdfAgents): NodeRegistration {
  return { type: 'udf', factory: udfNodeFactory(agents) };
}

/** Every node type the engine runs, in the order they are documented. */
export const ENGINE_NODES: readonly NodeRegistration[] = [...STREAM_NODE_BUILDERS.map(registrationOf), ...batchSourceBuilders.map(registrationOf), registrationOf(alertNodeBuilder), udfRegistration(DECLARED_UDF_AGENTS)];

export const DEFAULT_NODE_REGISTRY = new NodeRegistry(ENGINE_NODES);

/**
 * The engine's nodes with the alert node set up for a deployment (`.ServerInfo` in templates,
 * Kapacitor's global stateChangesOnly), its user-defined functions and the endpoints
 * `|httpPost().endpoint()` may name, for hosts that pass `registry` to createTask.
 */
export function createEngineRegistry(alert: AlertNodeOptions = {}, udf: UdfAgents = DECLARED_UDF_AGENTS, httpPost: HttpPostEndpoints = new Map(), sideloads?: SideloadSources): NodeRegistry {
  const streamNodes = STREAM_NODE_BUILDERS.map((builder) => {
    if (builder === httpPostNodeBuilder) return createHttpPostNodeBuilder(httpPost);
    // With sideloads, every sideload node built is reached by `sideloads.reload()`.
    if (builder === sideloadNodeBuilder && sideloads) return createSideloadNodeBuilder(sideloads);
    return builder;
  });
  return new NodeRegistry([...streamNodes.map(registrationOf), ...batchSourceBuilders.map(registrationOf), registrationOf(createAlertNodeBuilder(alert)), udfRegistration(udf)]);
}
