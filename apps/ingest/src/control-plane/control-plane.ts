import { hostname } from 'node:os';
import { debugVars, IngressCounts, KAPACITOR_API_VERSION, type KapacitorApiOptions, type RunbookView } from '@vigil/kapacitor-api';
import { CompactedTopicFollower, CompactedTopicWriter, createKafka, ensureTopics, kafkaClusterId, type KeyedRecord } from '@vigil/kafka';
import type { Logger, Readiness } from '@vigil/observability';
import { randomUUID } from 'node:crypto';
import { AlertTopicStates } from '../alerts/alert-topic-states';
import { TopicHandlerTopicStore } from '../alerts/topic-handler-topic-store';
import type { IngestConfig } from '../config';
import { CRASHED_RUNS_GRACE_MS, CrashedRuns } from '../recordings/crashed-runs';
import type { EvaluatorReplayQueue } from '../recordings/evaluator-replay-queue';
import { TopicRecordingStore } from '../recordings/topic-recording-store';
import { TopicReplayStore } from '../recordings/topic-replay-store';
import { controlPlaneArchive } from '../runbook/control-plane-backup';
import { ingestConfigSections } from '../runbook/ingest-config-sections';
import type { EvaluatorUdfSignatures } from '../tasks/evaluator-udf-signatures';
import { handlerAllowlistGuard } from '../tasks/handler-allowlist';
import { TopicTaskStore } from '../tasks/topic-task-store';
import { TopicTemplateStore } from '../templates/topic-template-store';
import { CONTROL_TOPIC_CONFIG, CONTROL_TOPIC_PARTITIONS, ControlTopic } from './control-topic';

/**
 * Kapacitor's control plane as ingest serves it (`kapacitor -url http://ingest:8086`): tasks,
 * templates and topic handlers in their compacted topics (ControlTopic each), the alert topics'
 * states from the alerts topic (less the deletions in the topic-deletions topic), and the
 * runbook answers (debug/vars with this ingest's ingress counts, config, backup), and stream
 * recordings as time ranges of the points topic (the recordings topic) and their replays (the
 * replays topic; an evaluator runs each). Ingest is
 * ready once the six compacted topics were read whole; the alerts topic is read in the
 * background, since its history may be long and writes must not wait for it: until it is read,
 * topics show the states read so far.
 */
export class ControlPlane {
  readonly tasks: TopicTaskStore;
  readonly templates: TopicTemplateStore;
  readonly handlers: TopicHandlerTopicStore;
  readonly alerts: AlertTopicStates;
  readonly recordings: TopicRecordingStore;
  readonly replays: TopicReplayStore;
  readonly ingress = new IngressCounts();
  /** Writes failed the replays and query recordings whose evaluator stopped before their end. */
  private readonly crashedRuns: CrashedRuns;
  private readonly topics: { readonly tasks: ControlTopic; readonly templates: ControlTopic; readonly handlers: ControlTopic; readonly deletions: ControlTopic; readonly recordings: ControlTopic; readonly replays: ControlTopic };
  private alertFollower: CompactedTopicFollower | undefined;
  /** Deletes query recordings' chunks; the evaluators write them. */
  private recordingData: CompactedTopicWriter | undefined;
  private clusterId = '';

  constructor(
    private readonly config: IngestConfig,
    private readonly logger: Logger,
    readiness: Readiness,
    /** Where replays go to be run: one evaluator, over Redis. */
    replayQueue: EvaluatorReplayQueue,
    /** The evaluators' user-defined functions, which task changes are checked against. */
    private readonly udfs?: EvaluatorUdfSignatures,
  ) {
    const link = (topic: string, holds: string, onRecords: (records: readonly KeyedRecord[]) => void): ControlTopic =>
      new ControlTopic({ topic, holds, clientId: `${config.KAFKA_CLIENT_ID}.${holds.replace(/ /g, '-')}`, replicationFactor: config.KAFKA_REPLICATION_FACTOR, onRecords }, logger);
    this.alerts = new AlertTopicStates(logger, config.ALERTS_TOPIC, (topic, value) => this.topics.deletions.put(topic, value), () => {
      if (!this.alertFollower) throw new Error(`the alerts topic ${config.ALERTS_TOPIC} is not followed yet: delete the topic again once ingest has started`);
      return this.alertFollower.endOffsets();
    });
    this.handlers = new TopicHandlerTopicStore((key, value) => this.topics.handlers.put(key, value), logger, handlerAllowlistGuard(config.handlerAllowlist));
    this.tasks = new TopicTaskStore((id, value) => this.topics.tasks.put(id, value), logger, handlerAllowlistGuard(config.handlerAllowlist), (id) => this.templates.template(id), udfs);
    this.templates = new TopicTemplateStore((id, value) => this.topics.templates.put(id, value), this.tasks, logger);
    this.recordings = new TopicRecordingStore({
      write: (id, value) => this.topics.recordings.put(id, value),
      task: (id) => this.tasks.get(id),
      pointsTopic: config.POINTS_TOPIC,
      hand: (request) => replayQueue.hand(request),
      recordingsTopic: config.RECORDINGS_TOPIC,
      dataTopic: config.RECORDING_DATA_TOPIC,
      writeData: async (key, value) => {
        if (!this.recordingData) throw new Error(`the recording data topic ${config.RECORDING_DATA_TOPIC} is not connected yet`);
        await this.recordingData.put(config.RECORDING_DATA_TOPIC, key, value);
      },
      nowMs: () => Date.now(),
      logger,
    });
    this.replays = new TopicReplayStore({
      write: (id, value) => this.topics.replays.put(id, value),
      task: (id) => this.tasks.get(id),
      recording: (id) => this.recordings.get(id),
      hand: (request) => replayQueue.hand(request),
      replaysTopic: config.REPLAYS_TOPIC,
      nowMs: () => Date.now(),
      logger,
    });
    this.crashedRuns = new CrashedRuns({
      replays: this.replays,
      recordings: this.recordings,
      leasesHeld: (runs) => replayQueue.leasesHeld(runs),
      staleAfterMs: config.REPLAY_TAKE_TIMEOUT_MS + CRASHED_RUNS_GRACE_MS,
      nowMs: () => Date.now(),
      logger,
    });
    this.topics = {
      tasks: link(config.TASKS_TOPIC, 'tasks', (records) => this.tasks.apply(records)),
      templates: link(config.TEMPLATES_TOPIC, 'templates', (records) => this.templates.apply(records)),
      handlers: link(config.TOPIC_HANDLERS_TOPIC, 'topic handlers', (records) => {
        this.handlers.apply(records);
        // A topic with handlers exists before its first event, as Kapacitor's RegisterHandler makes it.
        for (const topic of this.handlers.topics()) this.alerts.topics.ensure(topic);
      }),
      // Read whole before the alerts topic, so a deleted topic's old events are skipped from the first.
      deletions: link(config.TOPIC_DELETIONS_TOPIC, 'topic deletions', (records) => this.alerts.applyDeletions(records)),
      recordings: link(config.RECORDINGS_TOPIC, 'recordings', (records) => this.recordings.apply(records)),
      replays: link(config.REPLAYS_TOPIC, 'replays', (records) => this.replays.apply(records)),
    };
    readiness.add({ name: 'control-plane-topics', isReady: () => Object.values(this.topics).every((topic) => topic.isReady()) });
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}.control-plane`, logger, security: config.kafkaSecurity });
    await Promise.all(Object.values(this.topics).map((topic) => topic.start(kafka)));
    this.udfs?.start();
    await ensureTopics(kafka, [{ topic: config.RECORDING_DATA_TOPIC, partitions: CONTROL_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, configEntries: CONTROL_TOPIC_CONFIG }]);
    this.recordingData = new CompactedTopicWriter(kafka, logger);
    await this.recordingData.connect();
    this.crashedRuns.start();
    logger.info({ tasks: this.tasks.list().length, templates: this.templates.templates().length, topicHandlers: this.handlers.records().length }, 'control-plane topics read');
    // The Kafka cluster's id is the deployment's ClusterID, as the evaluators render it in `.ServerInfo`.
    this.clusterId = await kafkaClusterId(kafka);
    await ensureTopics(kafka, [{ topic: config.ALERTS_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR }]);
    this.alertFollower = new CompactedTopicFollower(kafka, logger, { topic: config.ALERTS_TOPIC, groupId: `${config.KAFKA_CLIENT_ID}.alert-topics.${randomUUID()}`, onRecords: (records) => this.alerts.collect(records) });
    // Not awaited: a long history must not hold writes back. The follower keeps reading after a
    // slow start; a crash of its consumer is logged by the follower itself.
    void this.alertFollower.start().then(
      () => logger.info({ topic: config.ALERTS_TOPIC, topics: this.alerts.topics.ids().length }, 'alert topics read up to the alerts topic end'),
      (error: unknown) => logger.warn({ err: error, topic: config.ALERTS_TOPIC }, 'the alerts topic was not read to its end at start; alert topics show what was read so far'),
    );
  }

  async stop(): Promise<void> {
    this.udfs?.stop();
    await this.crashedRuns.stop();
    await this.alertFollower?.stop().catch(() => undefined);
    await Promise.all(Object.values(this.topics).map((topic) => topic.stop()));
    await this.recordingData?.disconnect();
  }

  /** What ingest mounts of @vigil/kapacitor-api. */
  apiOptions(): KapacitorApiOptions {
    return { tasks: this.tasks, templates: this.templates, alerts: { topics: this.alerts, handlers: this.handlers }, runbook: this.runbook() };
  }

  private runbook(): RunbookView {
    return {
      vars: () => {
        const tasks = this.tasks.list();
        const facts = { clusterId: this.clusterId, serverId: `${this.config.KAFKA_CLIENT_ID}@${hostname()}`, tasks: tasks.length, enabledTasks: tasks.filter((task) => task.status === 'enabled').length, ingress: this.ingress.list() };
        return debugVars(facts, KAPACITOR_API_VERSION);
      },
      config: () => ingestConfigSections(this.config),
      configReadOnly: "ingest's configuration is read-only: change its environment (docs/ingest.md) and restart it",
      backup: () => Promise.resolve(controlPlaneArchive({ tasks: this.tasks.list(), templates: this.templates.templates(), topicHandlers: this.handlers.records(), recordings: this.recordings.list(), replays: this.replays.list() }, Math.floor(Date.now() / 1000))),
      storesRefusal: 'vigil keeps no BoltDB stores: tasks, templates and topic handlers are records of compacted Kafka topics',
    };
  }
}
