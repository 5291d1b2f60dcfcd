import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HandlerConfig } from '@vigil/alert-handlers';
import { DeliveryScheduler, systemClock } from '@vigil/delivery';
import { MessageDecoder, type TaskSource } from '@vigil/evaluation';
import { createIngestHttpAdapter } from '@vigil/ingest-http';
import { createMetricsRegistry, PinoNestLogger, Readiness, type Logger } from '@vigil/observability';
import { EvaluationLoop } from '../evaluation/evaluation-loop';
import { EvaluatorSlot } from '../evaluation/evaluator-slot';
import { EventLogSink } from '../evaluation/event-log.sink';
import { standaloneTasks } from '../evaluation/standalone-tasks';
import { StandaloneHttpModule } from '../http/standalone-http.module';
import { StandaloneMetrics } from '../metrics/standalone-metrics';
import { memoizedHandlers } from '../notification/handler-memo';
import { NotificationLoop } from '../notification/notification-loop';
import { PointLogSink } from '../points/point-log.sink';
import { LogRetention } from '../retention/log-retention';
import { TaskCatalog } from '../tasks/task-catalog';
import type { DataFolder } from '../storage/data-folder';
import { openStandaloneStorage } from './standalone-storage';
import { STANDALONE_DEFAULTS, type StandaloneTuning } from './standalone-tuning';

export interface StandaloneOptions {
  /**
   * The data folder (logs, checkpoint, ledger, dead letters), opened and locked by the caller,
   * who read the tasks from it. The server takes it over: it closes it on close or failed start.
   */
  readonly folder: DataFolder;
  readonly host: string;
  /** 0 picks a free port (the listening URL says which). */
  readonly port: number;
  /** The tasks to run, already read and validated by the caller. */
  readonly tasks: readonly TaskSource[];
  readonly handlerConfig: HandlerConfig;
  readonly logger: Logger;
  readonly tuning?: Partial<StandaloneTuning>;
  /** Wall clock in ms (now() in lambdas, ticks). */
  readonly nowMs?: () => number;
}

/** A running standalone server. */
export interface StandaloneServer {
  readonly url: string;
  /** Stops taking writes, finishes the batch and deliveries in progress, saves positions, closes files. */
  close(): Promise<void>;
}

/** The names of the two logs where Kafka topics would be; they appear in checkpoints and event ids. */
export const STANDALONE_TOPICS = { points: 'vigil.points', alerts: 'vigil.alerts' } as const;

/**
 * Ingest, evaluator and notifier in one process, wired like the distributed pipeline with files
 * in place of Kafka and Redis: the write endpoints append to the point log; the evaluation loop
 * runs the PartitionWorker over it, writing events to the event log and checkpoints to a file;
 * the notification loop delivers the event log through the DeliveryScheduler with a file ledger
 * and dead-letter file. Every step that answers or commits waits for an fsync first.
 */
export async function startStandalone(options: StandaloneOptions): Promise<StandaloneServer> {
  const tuning = { ...STANDALONE_DEFAULTS, ...options.tuning };
  const { logger } = options;
  const nowMs = options.nowMs ?? Date.now;
  const tasks = standaloneTasks(options.tasks);
  const readiness = new Readiness();
  const registry = createMetricsRegistry({ service: 'standalone' });
  let evaluator: EvaluatorSlot | undefined;
  let notification: NotificationLoop | undefined;
  let app: NestFastifyApplication | undefined;
  let retention: LogRetention | undefined;
  try {
    const storage = await openStandaloneStorage(options.folder);
    const metrics = new StandaloneMetrics(
      registry,
      {
        pointLogEnd: () => storage.points.end(),
        evaluated: () => evaluator?.current()?.position() ?? storage.points.start(),
        eventLogEnd: () => storage.events.end(),
        notified: () => notification?.committedPosition() ?? storage.events.start(),
      },
      logger,
    );
    const decoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen' });
    const sink = new EventLogSink(storage.events, STANDALONE_TOPICS.alerts);
    evaluator = new EvaluatorSlot(
      (definitions) =>
        new EvaluationLoop({
          points: storage.points,
          pointsTopic: STANDALONE_TOPICS.points,
          alertsTopic: STANDALONE_TOPICS.alerts,
          tasks: definitions,
          store: storage.checkpoints,
          sink,
          // Line protocol only: the point log holds nothing else (see pointRecordsOf).
          decoder,
          batchRecords: tuning.evaluatorBatchRecords,
          batchBytes: tuning.evaluatorBatchBytes,
          tickIntervalMs: tuning.tickIntervalMs,
          retryDelayMs: tuning.retryDelayMs,
          nowMs,
          logger,
          onStep: (report) => metrics.stepDone(report),
        }),
      logger,
    );
    const scheduler = new DeliveryScheduler({
      ledger: storage.ledger,
      deadLetters: storage.deadLetters,
      buildHandler: memoizedHandlers(options.handlerConfig),
      clock: systemClock,
      random: Math.random,
      policy: tuning.retryPolicy,
      maxInFlight: tuning.maxInFlight,
      observer: metrics,
    });
    notification = new NotificationLoop({
      events: storage.events,
      delivery: scheduler,
      position: storage.notifierPosition,
      batchRecords: tuning.notifierBatchRecords,
      maxPending: tuning.maxPending,
      stopGraceMs: tuning.stopGraceMs,
      retryDelayMs: tuning.retryDelayMs,
      positionSaveIntervalMs: tuning.positionSaveIntervalMs,
      logger,
    });
    await evaluator.start(tasks);
    await notification.start();
    readiness.add({ name: 'evaluator', isReady: () => evaluator?.current()?.healthy() ?? false });
    readiness.add({ name: 'notifier', isReady: () => notification?.healthy() ?? false });
    retention = new LogRetention({
      logs: [
        { name: 'points', log: storage.points, processedBelow: () => evaluator?.current()?.checkpointOffset() },
        { name: 'events', log: storage.events, processedBelow: () => notification?.committedPosition() },
      ],
      intervalMs: tuning.retentionIntervalMs,
      logger,
    });
    retention.start();
    const slot = evaluator;
    const catalog = new TaskCatalog(await options.folder.openTasks(), options.tasks, (definitions) => slot.replace(definitions));

    app = await NestFactory.create<NestFastifyApplication>(
      StandaloneHttpModule.register(
        {
          sink: new PointLogSink(storage.points),
          maxBodyBytes: tuning.maxBodyBytes,
          authTokens: tuning.authTokens,
          retryAfterSeconds: tuning.retryAfterSeconds,
          remoteWrite: tuning.remoteWrite,
          metrics: registry,
        },
        readiness,
        catalog,
      ),
      createIngestHttpAdapter(tuning.maxBodyBytes),
      { logger: new PinoNestLogger(logger), bodyParser: false, abortOnError: false },
    );
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await retention?.stop();
    await notification?.stop().catch(() => undefined);
    await evaluator?.stop().catch(() => undefined);
    await options.folder.close();
    throw error;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${urlHost(options.host)}:${address.port}`;
  logger.info({ url, pid: process.pid, data: options.folder.paths.root, tasks: tasks.map((task) => task.name) }, 'vigil standalone listening');

  const running = { app, evaluator, notification, retention };
  return {
    url,
    close: async () => {
      readiness.markShuttingDown();
      // Writes and task changes first: a request in flight still gets its fsync and its answer.
      await running.app.close();
      await running.evaluator.stop();
      await running.notification.stop();
      await running.retention.stop();
      await options.folder.close();
    },
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
