import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type HandlerConfig, sharedMqttConnections } from '@vigil/alert-handlers';
import type { CertificateReloader, ServerAccess } from '@vigil/http-access';
import { createMetricsRegistry, Readiness, readBuildInfo, type Logger } from '@vigil/observability';
import type { BatchSources } from '@vigil/evaluation';
import { type BatchSlot, type DataFolder, enabledTasks, type EvaluatorSlot, type LivenessReport, loadServerIds, LogRetention, type NotificationLoop, openRecordings, openRunbook, openTopicHandlers, openTopics, type RecordingService, standaloneEngine, StandaloneMetrics, streamTasksOf, TaskCatalog, type TaskFile, type TaskStatus, type TopicFollower } from '@vigil/standalone';
import { createBatchSlot } from './batch-wiring';
import { openStandaloneStorage } from './standalone-storage';
import { STANDALONE_DEFAULTS, type StandaloneTuning } from './standalone-tuning';
import { createEvaluator, createHttpApp, createNotifier, STANDALONE_TOPICS, type Wiring } from './standalone-wiring';

export { STANDALONE_TOPICS } from './standalone-wiring';

export interface StandaloneOptions {
  /**
   * The data folder (logs, checkpoint, ledger, dead letters), opened and locked by the caller,
   * who read the tasks from it. The server takes it over: it closes it on close or failed start.
   */
  readonly folder: DataFolder;
  readonly host: string;
  /** 0 picks a free port (the listening URL says which). */
  readonly port: number;
  /** Credentials, permissions and certificate, read and checked against the host by the caller. */
  readonly access: ServerAccess;
  /** How often the certificate files are read again (default one minute). */
  readonly certificateReloadMs?: number;
  /** The tasks, already read and validated by the caller; only enabled ones (the default) run. */
  readonly tasks: readonly (Omit<TaskFile, 'status'> & { readonly status?: TaskStatus })[];
  readonly handlerConfig: HandlerConfig;
  readonly logger: Logger;
  readonly tuning?: Partial<StandaloneTuning>;
  /** Wall clock in ms (now() in lambdas, ticks, batch task schedules). */
  readonly nowMs?: () => number;
  /** The InfluxDB and Prometheus batch tasks query (docs/batch-tasks.md); none: their runs fail with a log line. */
  readonly batchSources?: Omit<BatchSources, 'described'>;
}

/** A running standalone server. */
export interface StandaloneServer {
  readonly url: string;
  /** Stops taking writes, finishes the batch and deliveries in progress, saves positions, closes files. */
  close(): Promise<void>;
}

/**
 * Ingest, evaluator and notifier in one process, wired like the distributed pipeline with files
 * in place of Kafka and Redis: the write endpoints append to the point log; the evaluation loop
 * runs the PartitionWorker over it, writing events to the event log and checkpoints to a file;
 * the notification loop delivers the event log through the DeliveryScheduler with a file ledger
 * and dead-letter file. Every step that answers or commits waits for an fsync first.
 */
export async function startStandalone(options: StandaloneOptions): Promise<StandaloneServer> {
  const { logger } = options;
  const taskFiles: TaskFile[] = options.tasks.map((task) => ({ ...task, status: task.status ?? 'enabled' }));
  const tasks = enabledTasks(taskFiles);
  const readiness = new Readiness();
  const tuning = { ...STANDALONE_DEFAULTS, ...options.tuning };
  const registry = createMetricsRegistry({ service: 'standalone' });
  let evaluator: EvaluatorSlot | undefined;
  let notification: NotificationLoop | undefined;
  let app: NestFastifyApplication | undefined;
  let retention: LogRetention | undefined;
  let reloader: CertificateReloader | undefined;
  let topics: TopicFollower | undefined;
  let recordings: RecordingService | undefined;
  let batches: BatchSlot | undefined;
  try {
    const storage = await openStandaloneStorage(options.folder, { logger, failingLiveMs: tuning.failingLiveMs, probeIntervalMs: tuning.retryDelayMs });
    readiness.add({ name: 'data-folder', isReady: () => storage.health.ready(), failure: () => unrecoverable(storage.health.liveness()) });
    for (const moved of storage.migratedCheckpoints) logger.info({ ...moved, partition: moved.partition.partition, topic: moved.partition.topic }, 'moved a JSON checkpoint of an older vigil into the state database');
    const metrics = new StandaloneMetrics(
      registry,
      {
        pointLogEnd: () => storage.points.end(),
        evaluated: () => evaluator?.current()?.position() ?? storage.points.start(),
        eventLogEnd: () => storage.events.end(),
        notified: () => notification?.committedPosition() ?? storage.events.start(),
        dataFolder: options.folder.paths.root,
      },
      logger,
      options.nowMs ?? Date.now,
    );
    // Alert templates see the data folder's ClusterID and ServerID, kept across restarts.
    const engine = standaloneEngine(await loadServerIds(options.folder.paths.root), new Map(Object.entries(options.handlerConfig.post?.endpoints ?? {})));
    const wiring: Wiring = { storage, tuning, metrics, logger, nowMs: options.nowMs ?? Date.now, engine };
    const slot = createEvaluator(wiring);
    evaluator = slot;
    const topicHandlers = await openTopicHandlers(options.folder, options.handlerConfig);
    topics = await openTopics(options.folder, storage.events, topicHandlers, logger);
    notification = createNotifier(wiring, options.handlerConfig, topicHandlers);
    await slot.start(streamTasksOf(tasks));
    batches = createBatchSlot(wiring, options.batchSources);
    const batchSlot = batches;
    await batchSlot.start(tasks);
    // The checkpoint age counts from the start: when the last run saved it is not known.
    metrics.evaluation.checkpointSaved(STANDALONE_TOPICS.points, 0);
    await notification.start();
    const notifier = notification;
    readiness.add({ name: 'evaluator', isReady: () => slot.current()?.healthy() ?? false });
    readiness.add({ name: 'notifier', isReady: () => notifier.healthy() });
    retention = new LogRetention({
      logs: [
        { name: 'points', log: storage.points, processedBelow: () => slot.current()?.checkpointOffset(), keepNewestBytes: wiring.tuning.pointRetentionBytes },
        { name: 'events', log: storage.events, processedBelow: () => lowest(notifier.committedPosition(), topics?.savedOffset()) },
      ],
      intervalMs: wiring.tuning.retentionIntervalMs,
      logger,
    });
    retention.start();
    const catalog = await TaskCatalog.open(options.folder, taskFiles, async (definitions) => {
      // The stream set first: its loop keeps only its tasks' statistics, then the batch tasks add theirs.
      await slot.replace(streamTasksOf(definitions));
      await batchSlot.replace(definitions);
    }, options.handlerConfig);
    const https = options.access.certificate !== undefined;
    const settings = { host: options.host, port: options.port, dataDir: options.folder.paths.root, https, authentication: options.access.policy.store.credentials.length > 0, influxdb: options.batchSources?.influxdbClusters ?? [] };
    const runbook = await openRunbook({ settings, handlers: options.handlerConfig, logger, nowMs: wiring.nowMs });
    const replays = await openRecordings(options.folder, storage, (name) => catalog.get(name), { ...wiring, influxdb: options.batchSources?.influxdb });
    recordings = replays.service;
    app = await createHttpApp(wiring, registry, readiness, catalog, options.access, runbook, { topics, handlers: topicHandlers }, replays);
    await app.listen({ host: options.host, port: options.port });
    reloader = options.access.watchCertificate(app.getHttpServer(), logger, options.certificateReloadMs);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await recordings?.stop();
    await batches?.stop().catch(() => undefined);
    await retention?.stop();
    await notification?.stop().catch(() => undefined);
    await topics?.stop().catch(() => undefined);
    await evaluator?.stop().catch(() => undefined);
    await options.folder.close();
    throw error;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `${options.access.certificate === undefined ? 'http' : 'https'}://${urlHost(options.host)}:${address.port}`;
  const credentials = options.access.policy.store.credentials.length;
  // The one line at start (issue 14); what each part did to start is at debug.
  logger.info({ url, pid: process.pid, version: readBuildInfo().version, credentials, data: options.folder.paths.root, tasks: tasks.map((task) => task.name), disabled: taskFiles.filter((task) => task.status === 'disabled').map((task) => task.name) }, 'vigil standalone listening');

  const running = { app, evaluator, notification, retention, reloader, topics, recordings, batches };
  return {
    url,
    close: async () => {
      readiness.markShuttingDown();
      running.reloader?.stop();
      // Writes and task changes first: a request in flight still gets its fsync and its answer.
      await running.app.close();
      await running.recordings.stop();
      await running.batches.stop();
      await running.evaluator.stop();
      await running.notification.stop();
      // The .mqtt() handlers' broker connections, shared by the process, end with a DISCONNECT.
      await sharedMqttConnections.close();
      await running.topics.stop();
      await running.retention.stop();
      await options.folder.close();
    },
  };
}

/** The lower of two positions, either unknown meaning nothing may be dropped yet. */
function lowest(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  return a === undefined || b === undefined ? undefined : a < b ? a : b;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** A liveness report as a readiness check's failure: why the data folder cannot recover, if so. */
function unrecoverable(report: LivenessReport): string | undefined {
  return report.live ? undefined : (report.reason ?? 'the data folder cannot recover by itself');
}
