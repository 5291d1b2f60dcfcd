import type { Expr, PipelineNode } from '@vigil/tick-lang';
import { LambdaError, type LambdaInstance } from '../../lambda/compiled-lambda';
import { TaskDefinitionError } from '../../runtime/definition-error';
import type { NodeBuildContext } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { AlertNode } from './alert.node';
import { buildAlertTemplates } from './alert-go-templates';
import { readAlertProperties, type AlertProperties, type LevelName } from './alert-properties';
import { alertTaskServices } from './alert-task-services';
import type { ServerInfo } from './alert-template-data';
import type { LevelLambdas } from './determine-level';
import { AlertDefinitionError } from './tick-arguments';

/** Deployment settings of alert nodes, which Kapacitor takes from its configuration. */
export interface AlertNodeOptions {
  /** `.ServerInfo` in templates. Default: hostname `localhost`, empty cluster and server ids. */
  readonly serverInfo?: Partial<ServerInfo>;
  /**
   * Kapacitor turns on stateChangesOnly for every alert node when a global handler (Slack, email,
   * Telegram, ...) is configured with `state-changes-only = true`. Default false.
   */
  readonly forceStateChangesOnly?: boolean;
}

const DEFAULT_SERVER_INFO: ServerInfo = { hostname: 'localhost', clusterID: '', serverID: '' };

/**
 * The alert node for a deployment's settings. Its properties and handlers are declared in
 * tick-lang's catalog (alert-node.catalog.ts, alert-handlers.catalog.ts), which checks the
 * definition before `build` reads it.
 */
export function createAlertNodeBuilder(options: AlertNodeOptions = {}): NodeBuilder {
  const serverInfo: ServerInfo = { ...DEFAULT_SERVER_INFO, ...options.serverInfo };
  return {
    type: 'alert',
    build: ({ node }, context) => {
      try {
        let properties = readAlertProperties(node);
        if (options.forceStateChangesOnly) properties = { ...properties, stateChangesOnly: true };
        return new AlertNode({
          name: node.name,
          task: context.task,
          properties,
          lambdas: compileLevelLambdas(node, properties, context),
          templates: buildAlertTemplates(properties, context.task.taskName, serverInfo),
          services: alertTaskServices(context.task),
        });
      } catch (error) {
        if (error instanceof AlertDefinitionError) throw new TaskDefinitionError(error.pos, node.name, error.reason);
        throw error;
      }
    },
  };
}

/** The alert node with default settings, for the engine's default registry. */
export const alertNodeBuilder: NodeBuilder = createAlertNodeBuilder();

/**
 * One instance per lambda for the whole node: Kapacitor's alert node keeps a single expression
 * per level (and per reset) for all groups, so stateful functions in them count across groups.
 */
function compileLevelLambdas(node: PipelineNode, properties: AlertProperties, context: NodeBuildContext): LevelLambdas {
  const compile = context.compileLambda;
  const lambdas: Partial<Record<LevelName, LambdaInstance>> = {};
  for (const [name, expr] of Object.entries(properties.lambdas) as [LevelName, Expr][]) {
    if (!compile) throw new TaskDefinitionError(node.pos, node.name, 'no lambda compiler is available to build this node');
    try {
      lambdas[name] = compile(expr).newInstance();
    } catch (error) {
      if (!(error instanceof LambdaError)) throw error;
      throw new TaskDefinitionError(error.position ?? node.pos, node.name, `.${name}(): ${error.message}`);
    }
  }
  return lambdas;
}
