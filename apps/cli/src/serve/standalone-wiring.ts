import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HandlerConfig } from '@vigil/alert-handlers';
import { buildHandler } from '@vigil/alert-handlers';
import { DeliveryScheduler, HandlerCache, systemClock } from '@vigil/delivery';
import { decodeJsonPoint } from '@vigil/core';
import { MessageDecoder } from '@vigil/evaluation';
import type { ServerAccess } from '@vigil/http-access';
import { createIngestHttpAdapter } from '@vigil/ingest-http';
import { PinoNestLogger, type Logger, type Readiness, type Registry } from '@vigil/observability';
import { type AlertsContext, EvaluationLoop, EvaluatorSlot, EventLogSink, HandoverPointLog, NotificationLoop, PointLogSink, type RecordingsContext, replayFileLetters, type RunbookContext, type StandaloneEngine, type StandaloneMetrics, outputsSource, sideloadReload, statisticsSource, type TaskCatalog, type TopicHandlerStore, withTopicTargets } from '@vigil/standalone';
import { StandaloneHttpModule } from './standalone-http.module';
import type { StandaloneStorage } from './standalone-storage';
import type { StandaloneTuning } from './standalone-tuning';

/** The names of the two logs where Kafka topics would be; they appear in checkpoints and event ids. */
export const STANDALONE_TOPICS = { points: 'vigil.points', alerts: 'vigil.alerts' } as const;

/** What every part of the server is built from. */
export interface Wiring {
  readonly storage: StandaloneStorage;
  readonly tuning: StandaloneTuning;
  readonly metrics: StandaloneMetrics;
  readonly logger: Logger;
  readonly nowMs: () => number;
  /** The engine with the data folder's ids and the tasks' node statistics; default: the engine's defaults. */
  readonly engine?: StandaloneEngine;
}

const handovers = new WeakMap<StandaloneStorage, HandoverPointLog>();

/** The point log as the write endpoints and the evaluation loop share it: one per opened storage, so the loop finds the points the endpoints handed over. */
function pointHandover({ storage, tuning }: Wiring): HandoverPointLog {
  let handover = handovers.get(storage);
  if (handover === undefined) {
    handover = new HandoverPointLog(storage.points, tuning.handoverBytes);
    handovers.set(storage, handover);
  }
  return handover;
}

/** The evaluator: an evaluation loop over the point log, replaceable when the tasks change. */
export function createEvaluator(wiring: Wiring): EvaluatorSlot {
  const { storage, tuning, metrics, logger, nowMs, engine } = wiring;
  const points = pointHandover(wiring);
  // Line protocol, and JSON points for what line protocol cannot carry (see pointRecordsOf).
  const decoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen', json: async (value) => decodeJsonPoint(value) });
  const sink = new EventLogSink(storage.events, STANDALONE_TOPICS.alerts);
  return new EvaluatorSlot((tasks) => {
    // The statistics of tasks that stopped (disabled, deleted) go, as Kapacitor's do with their task.
    engine?.statistics.retain(tasks.map((task) => task.name));
    // Their httpOut results too; a redefined task starts with empty endpoints, as in Kapacitor.
    engine?.outputs.retain(tasks);
    return new EvaluationLoop({
      points,
      pointsTopic: STANDALONE_TOPICS.points,
      alertsTopic: STANDALONE_TOPICS.alerts,
      tasks,
      store: storage.checkpoints,
      witness: storage.checkpointWitness,
      groups: tuning.groups,
      ...(tuning.rebuildMaxRecords === undefined ? {} : { rebuildMaxRecords: tuning.rebuildMaxRecords }),
      onStateLost: (rebuild) => metrics.evaluation.stateRebuilt(rebuild),
      sink,
      decoder,
      batchRecords: tuning.evaluatorBatchRecords,
      batchBytes: tuning.evaluatorBatchBytes,
      stepIntervalMs: tuning.stepIntervalMs,
      tickIntervalMs: tuning.tickIntervalMs,
      retryDelayMs: tuning.retryDelayMs,
      nowMs,
      logger,
      onStep: (report, oldestAcceptedMs) => metrics.evaluation.stepDone(STANDALONE_TOPICS.points, 0, report, oldestAcceptedMs),
      observer: metrics.evaluation,
      ...(engine === undefined ? {} : { engine }),
    });
  }, logger);
}

/** The notifier: the DeliveryScheduler with the file ledger and dead letters, fed from the event log, to the tasks' handlers and the topic handlers. */
export function createNotifier({ storage, tuning, metrics, logger }: Wiring, handlerConfig: HandlerConfig, topicHandlers: TopicHandlerStore): NotificationLoop {
  const scheduler = new DeliveryScheduler({
    ledger: storage.ledger,
    deadLetters: storage.deadLetters,
    // One handler per distinct instruction, each watched for outages: one log line when its
    // target starts failing and one when it delivers again, as the notifier logs them.
    buildHandler: new HandlerCache((instruction) => buildHandler(instruction, handlerConfig), metrics).factory,
    clock: systemClock,
    random: Math.random,
    policy: tuning.retryPolicy,
    maxInFlight: tuning.maxInFlight,
    observer: metrics,
  });
  return new NotificationLoop({
    events: storage.events,
    delivery: scheduler,
    position: storage.notifierPosition,
    batchRecords: tuning.notifierBatchRecords,
    maxPending: tuning.maxPending,
    stopGraceMs: tuning.stopGraceMs,
    retryDelayMs: tuning.retryDelayMs,
    positionSaveIntervalMs: tuning.positionSaveIntervalMs,
    logger,
    topicTargets: (pending, headers, replayKeys) => withTopicTargets(pending, headers, topicHandlers, replayKeys),
  });
}

/** The Nest/Fastify app behind the access guard: ingest's write endpoints over the point log, the task API, the dead-letter replay, the probes. */
export function createHttpApp(wiring: Wiring, registry: Registry, readiness: Readiness, catalog: TaskCatalog, access: ServerAccess, runbook: RunbookContext, alerts: AlertsContext, recordings: RecordingsContext): Promise<NestFastifyApplication> {
  const { storage, tuning, logger, nowMs } = wiring;
  const module = StandaloneHttpModule.register(
    {
      sink: new PointLogSink(pointHandover(wiring), undefined, nowMs),
      maxBodyBytes: tuning.maxBodyBytes,
      retryAfterSeconds: tuning.retryAfterSeconds,
      remoteWrite: tuning.remoteWrite,
      metrics: registry,
    },
    readiness,
    catalog,
    { replay: (filter, dryRun) => replayFileLetters({ deadLettersPath: storage.deadLettersPath, ledger: storage.ledger, events: storage.events, filter, dryRun }) },
    runbook,
    alerts,
    recordings,
    undefined,
    wiring.engine === undefined ? undefined : statisticsSource(wiring.engine),
    wiring.engine === undefined ? undefined : outputsSource(wiring.engine),
    wiring.engine === undefined ? undefined : sideloadReload(wiring.engine),
  );
  // bodyParser off: the write endpoints read raw bytes through the ingest adapter's parser.
  return NestFactory.create<NestFastifyApplication>(module, createIngestHttpAdapter(tuning.maxBodyBytes, access), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
}
