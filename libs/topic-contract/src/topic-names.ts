/**
 * The topics' default names. Every service reads the names from its environment (POINTS_TOPIC,
 * ALERTS_TOPIC, DEAD_LETTER_TOPIC, REPARTITION_TOPIC_PREFIX, TASKS_TOPIC,
 * TEMPLATES_TOPIC, TOPIC_HANDLERS_TOPIC, TOPIC_DELETIONS_TOPIC, RECORDINGS_TOPIC, RECORDING_DATA_TOPIC, REPLAYS_TOPIC); these are the values when unset, the
 * same in every service, so a deployment that sets none has producers and consumers agree.
 */
export const DEFAULT_TOPICS = {
  /** Points to evaluate (points/): ingest and external producers write, evaluators read. */
  points: 'vigil.points',
  /** Alert events (Kapacitor's alert JSON, alerts/): evaluators write, the notifier reads. */
  alerts: 'vigil.alerts',
  /** Deliveries that failed for good (dead-letters/): the notifier writes, `vigil dlq` reads. */
  deadLetters: 'vigil.alerts.dlq',
  /** Prefix of a repartitioned task's internal topic, `<prefix><task>` (repartition/). */
  repartitionPrefix: 'vigil.repartition.',
  /** Kapacitor's tasks (compacted; the task API in ingest writes, evaluators and ingest follow). */
  tasks: 'vigil.tasks',
  /** Kapacitor's templates (compacted, templates/): ingest writes and follows. */
  templates: 'vigil.templates',
  /** Kapacitor's topic handlers (compacted, topic-handlers/): ingest writes, notifiers and ingest follow. */
  topicHandlers: 'vigil.topic-handlers',
  /** Kapacitor's `delete topics` (compacted, topic-deletions/): ingest writes and follows. */
  topicDeletions: 'vigil.topic-deletions',
  /** Kapacitor's stream recordings as time ranges of the points topic (compacted, recordings/): ingest writes and follows. */
  recordings: 'vigil.recordings',
  /** The data of `record batch` and `record query` recordings, in chunks keyed `<recording id>/<n>` (compacted, recordings/): evaluators write, ingest deletes. */
  recordingData: 'vigil.recording-data',
  /** Kapacitor's replays of those recordings (compacted, replays/): ingest writes them running and follows, evaluators write how they ended. */
  replays: 'vigil.replays',
} as const;
