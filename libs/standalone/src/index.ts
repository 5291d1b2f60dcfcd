export { startStandalone, STANDALONE_TOPICS, type StandaloneOptions, type StandaloneServer } from './server/standalone-server';
export { STANDALONE_DEFAULTS, type StandaloneTuning } from './server/standalone-tuning';
export { onLauncherGone, type LauncherChannel } from './server/launcher-watch';
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
