import type { NodeFactory } from '../runtime/node-runtime';
import { alertNodeBuilder, createAlertNodeBuilder, type AlertNodeOptions } from './alert';
import { factoryOf, type NodeBuilder } from '../runtime/node-spec';
import { barrierNodeSpec } from './barrier/barrier.node';
import { changeDetectNodeSpec } from './change-detect/change-detect.node';
import { combineNodeSpec } from './combine/combine.node';
import { defaultNodeSpec } from './default/default.node';
import { deleteNodeSpec } from './delete/delete.node';
import { derivativeNodeSpec } from './derivative/derivative.node';
import { evalNodeSpec } from './eval/eval.node';
import { flattenNodeSpec } from './flatten/flatten.node';
import { fromNodeSpec } from './from/from.node';
import { groupByNodeSpec } from './group-by/group-by.node';
import { httpOutNodeSpec } from './http-out/http-out.node';
import { httpPostNodeSpec } from './http-post/http-post.node';
import { influxDBOutNodeSpec } from './influxdb-out/influxdb-out.node';
import { holtWintersNodeSpecs } from './influxql/holt-winters.node';
import { influxqlNodeSpecs } from './influxql/influxql.node';
import { topBottomNodeSpecs } from './influxql/top-bottom';
import { joinNodeSpec } from './join/join.node';
import { kapacitorLoopbackNodeSpec } from './kapacitor-loopback/kapacitor-loopback.node';
import { logNodeSpec } from './log/log.node';
import { feedsSeveralParentNode, stampParent } from './multi-parent/parent-stamp';
import { noopNodeSpec } from './noop/noop.node';
import { batchSourceBuilders } from './query/query.node';
import { sampleNodeSpec } from './sample/sample.node';
import { shiftNodeSpec } from './shift/shift.node';
import { sideloadNodeSpec } from './sideload/sideload.node';
import { stateCountNodeSpec } from './state-count/state-count.node';
import { stateDurationNodeSpec } from './state-duration/state-duration.node';
import { statsNodeSpec } from './stats/stats.node';
import { streamNodeSpec } from './stream/stream.node';
import { unionNodeSpec } from './union/union.node';
import { whereNodeSpec } from './where/where.node';
import { windowNodeSpec } from './window/window.node';

/** One node type the engine can run: its TICKscript name (its catalog entry documents it) and factory. */
export interface NodeRegistration {
  readonly type: string;
  readonly factory: NodeFactory;
}

export function registrationOf(builder: NodeBuilder): NodeRegistration {
  return { type: builder.type, factory: factoryOf(builder) };
}

/** Every stream node vigil runs except `alert`, whose builder takes a deployment's settings (createEngineRegistry). */
export const STREAM_NODE_SPECS: readonly NodeBuilder[] = [
  streamNodeSpec,
  fromNodeSpec,
  whereNodeSpec,
  groupByNodeSpec,
  windowNodeSpec,
  ...influxqlNodeSpecs,
  ...topBottomNodeSpecs,
  ...holtWintersNodeSpecs,
  derivativeNodeSpec,
  evalNodeSpec,
  defaultNodeSpec,
  deleteNodeSpec,
  combineNodeSpec,
  flattenNodeSpec,
  sideloadNodeSpec,
  stateCountNodeSpec,
  stateDurationNodeSpec,
  changeDetectNodeSpec,
  shiftNodeSpec,
  sampleNodeSpec,
  barrierNodeSpec,
  unionNodeSpec,
  joinNodeSpec,
  statsNodeSpec,
  noopNodeSpec,
  logNodeSpec,
  httpOutNodeSpec,
  httpPostNodeSpec,
  influxDBOutNodeSpec,
  kapacitorLoopbackNodeSpec,
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

/** Every node type the engine runs, in the order they are documented. */
export const ENGINE_NODES: readonly NodeRegistration[] = [...STREAM_NODE_SPECS.map(registrationOf), ...batchSourceBuilders.map(registrationOf), registrationOf(alertNodeBuilder)];

export const DEFAULT_NODE_REGISTRY = new NodeRegistry(ENGINE_NODES);

/**
 * The engine's nodes with the alert node set up for a deployment (`.ServerInfo` in templates,
 * Kapacitor's global stateChangesOnly), for hosts that pass `registry` to createTask.
 */
export function createEngineRegistry(alert: AlertNodeOptions = {}): NodeRegistry {
  return new NodeRegistry([...STREAM_NODE_SPECS.map(registrationOf), ...batchSourceBuilders.map(registrationOf), registrationOf(createAlertNodeBuilder(alert))]);
}
