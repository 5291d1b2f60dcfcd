import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { answers200, ChildService, waitUntil } from './child-service';
import { portPreferring } from './free-port';
import { findOrStartInfra, stopInfra } from './infra-servers';
import { removeDemoResources, type DemoResources } from './kafka-cleanup';
import { STOP_GRACE_MS, type DeploymentContext, type VigilDeployment } from './vigil-deployment';

const APPS = ['ingest', 'evaluator', 'notifier'] as const;
type App = (typeof APPS)[number];
const READY_TIMEOUT_MS = 120_000;
/** Series of one resource/provider share a partition, so the evaluator sees each provider's points in order. */
const PARTITION_KEYS = 'performance_influx=nome_recurso,nome_provedor;*=host';

/**
 * The distributed mode: Kafka and Redis (found or started), then ingest, evaluator and notifier
 * as operators run them (`apps/<app>/dist/main.js`, built with `tsc -b` like the integration
 * tests do). Every topic, consumer group and Redis key carries this run's id, so a rerun starts
 * from nothing, and they are removed again when the demo stops.
 */
export async function startKafkaDeployment(context: DeploymentContext): Promise<VigilDeployment> {
  const servers = await findOrStartInfra(context.root, context.say);
  const evaluatorGroup = `vigil.demo.${context.runId}.evaluators`;
  const notifierGroup = `vigil.demo.${context.runId}.notifiers`;
  const keyPrefix = `vigil-demo-${context.runId}`;
  const resources: DemoResources = {
    kafkaBrokers: servers.kafkaBrokers,
    redisUrl: servers.redisUrl,
    topicPrefix: `vigil.demo.${context.runId}.`,
    groupIds: [evaluatorGroup, notifierGroup],
    redisPrefix: `${keyPrefix}:`,
  };
  const services: ChildService[] = [];
  const stop = async () => {
    // Reverse order: ingest stops taking writes first, the notifier delivers what is left last.
    for (const service of [...services].reverse()) await service.stop(STOP_GRACE_MS);
    await removeDemoResources(resources).catch((error: unknown) => context.say('cleanup', `could not remove the run's topics and keys: ${String(error)}`));
    stopInfra(context.root, servers.startedByDemo);
  };
  try {
    build(context);
    const ingestPort = await portPreferring(context.preferredPort);
    const shared = sharedEnv(servers, resources);
    const envs: Record<App, Record<string, string>> = {
      notifier: {
        NOTIFIER_GROUP_ID: notifierGroup,
        DEAD_LETTER_TOPIC: `${resources.topicPrefix}alerts.dlq`,
        REDIS_KEY_PREFIX: keyPrefix,
        NOTIFIER_SESSION_TIMEOUT_MS: '6000',
      },
      evaluator: {
        EVALUATOR_GROUP_ID: evaluatorGroup,
        TASKS_DIR: dirname(context.taskFile),
        PARTITION_KEYS,
        CHECKPOINT_KEY_PREFIX: keyPrefix,
        REPARTITION_TOPIC_PREFIX: `${resources.topicPrefix}repartition.`,
        POINTS_DEFAULT_DATABASE: 'vigil',
        EVALUATOR_SESSION_TIMEOUT_MS: '6000',
      },
      ingest: { PARTITION_KEYS },
    };
    // The consumers first, so they are members of their groups before the first point is written.
    for (const app of ['notifier', 'evaluator', 'ingest'] as const) {
      const port = app === 'ingest' ? ingestPort : await portPreferring(0);
      const service = new ChildService({
        name: app,
        script: `apps/${app}/dist/main.js`,
        env: { ...shared, ...envs[app], PORT: String(port), KAFKA_CLIENT_ID: `vigil-demo-${app}` },
        root: context.root,
        logDir: context.logDir,
      });
      services.push(service);
      await waitUntil(service, 'ready', READY_TIMEOUT_MS, () => answers200(`http://127.0.0.1:${port}/health/ready`), context.signal);
      context.say(app, `apps/${app} on http://127.0.0.1:${port} (pid ${service.pid}, log ${service.logFile})`);
    }
    return { url: `http://127.0.0.1:${ingestPort}`, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The variables every service gets: the servers and this run's topics. JSON points: the demo needs no schema registry. */
function sharedEnv(servers: { kafkaBrokers: string; redisUrl: string }, resources: DemoResources): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    KAFKA_BROKERS: servers.kafkaBrokers,
    REDIS_URL: servers.redisUrl,
    POINTS_TOPIC: `${resources.topicPrefix}points`,
    POINTS_PARTITIONS: '3',
    ALERTS_TOPIC: `${resources.topicPrefix}alerts`,
    ALERTS_PARTITIONS: '3',
  };
}

/** `tsc -b` of the three apps and the libraries they use; it skips what is up to date. */
function build(context: DeploymentContext): void {
  context.say('build', `tsc -b ${APPS.map((app) => `apps/${app}`).join(' ')} (skips what is up to date)`);
  mkdirSync(context.logDir, { recursive: true });
  const projects = APPS.map((app) => `apps/${app}/tsconfig.lib.json`);
  const result = spawnSync('bash', [join(context.root, 'tools/node24/run.sh'), join(context.root, 'node_modules/typescript/bin/tsc'), '-b', ...projects], {
    cwd: context.root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building the services failed:\n${result.stdout}${result.stderr}`);
}
