// The parts `vigil serve` is composed of (apps/cli/src/serve/): the loops, the point log's
// handover and sink, the task catalog, metrics, recordings, runbook, alert topics and retention.
export { EvaluationLoop } from './evaluation/evaluation-loop';
export { EvaluatorSlot } from './evaluation/evaluator-slot';
export { outputsSource, sideloadReload, standaloneEngine, statisticsSource, type StandaloneEngine } from './evaluation/standalone-engine';
export { EventLogSink } from './evaluation/event-log.sink';
export { BatchSlot, streamTasksOf } from './batch/batch-slot';
export { NotificationLoop } from './notification/notification-loop';
export { withTopicTargets } from './notification/topic-targets';
export { PositionFile } from './notification/position-file';
export { HandoverPointLog } from './points/handover-point-log';
export { PointLogSink } from './points/point-log.sink';
export { enabledTasks, TaskCatalog } from './tasks/task-catalog';
export { StandaloneMetrics } from './metrics/standalone-metrics';
export { LogRetention } from './retention/log-retention';
export { openRecordings, type RecordingService } from './recordings/open-recordings';
export { openTopicHandlers, openTopics, type TopicFollower } from './alerts/open-topics';
export type { TopicHandlerStore } from './alerts/topic-handler-store';
export { loadServerIds } from './storage/ids/server-ids';
export { CheckpointWitness } from './storage/checkpoint/checkpoint-witness';
export type { MigratedCheckpoint } from './storage/checkpoint/json-checkpoint-migration';
export type { TornTail } from './storage/files/torn-tail';
export type { DataFolderHealth, LivenessReport } from './storage/health/data-folder-health';
// The HTTP surface's own controllers and their contexts, mounted by the app beside ingest's and the Kapacitor API's.
export type { AlertsContext } from './http/alerts/alerts-context';
export { DeadLetterReplayer, DeadLettersController } from './http/dead-letters.controller';
export { KapacitorRecordingsController } from './http/recordings/kapacitor-recordings.controller';
export { KapacitorReplaysController } from './http/recordings/kapacitor-replays.controller';
export { VigilReplaysController } from './http/recordings/vigil-replays.controller';
export { RECORDINGS_CONTEXT, type RecordingsContext } from './http/recordings/recordings-context';
export { localServiceTests } from './http/runbook/local-service-tests';
export { openRunbook, RUNBOOK_CONTEXT, type RunbookContext } from './http/runbook/runbook-context';
export { serveRunbookView } from './http/runbook/serve-runbook-view';
export { DataFolder, dataFolderPaths, type DataFolderOptions, type DataFolderPaths } from './storage/data-folder';
export { DataFolderLockedError } from './storage/folder-lock';
export { FileRecordLog, DEFAULT_SEGMENT_BYTES, type FileRecordLogOptions } from './storage/record-log/file-record-log';
export type { LogRecord, StoredLogRecord } from './storage/record-log/log-record';
export { RecordLogRangeError } from './storage/record-log/record-log-errors';
export { CorruptLineError } from './storage/files/corrupt-line.error';
// The state database's damage error, for commands that report it without depending on @vigil/embedded-store.
export { StateDatabaseError } from '@vigil/embedded-store';
export { repairDataFolder, REPAIR_PLACEHOLDER_HEADER, type RepairFinding, type RepairReport } from './storage/repair/data-folder-repair';
export { FileDeliveryLedger, DEFAULT_LEDGER_RETENTION_MS, type FileDeliveryLedgerOptions } from './storage/delivery/file-delivery-ledger';
export { FileDeadLetterSink } from './storage/delivery/file-dead-letter.sink';
export { readDeadLetters } from './storage/delivery/read-dead-letters';
export { TaskFolder } from './storage/tasks/task-folder';
export { TaskFolderError, taskSourceOf, type TaskFile, type TaskStatus, type TaskVarFile, type TaskVars } from './storage/tasks/task-file';
export type { TaskDbrp, TaskRecord } from './storage/tasks/task-record';
export {
  replayLetters,
  replayRecordOf,
  matchesFilter,
  type LetterFilter,
  type ReplayableLetter,
  type ReplayLedger,
  type ReplayPublish,
  type ReplayReport,
} from './notification/dead-letter-replay';
export { readFileLetters, replayFileLetters, type FileLetter } from './notification/file-dead-letters';
