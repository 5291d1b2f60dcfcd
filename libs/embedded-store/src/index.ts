export { StateDatabase, StateDatabaseError } from './state-database';
export { SqliteCheckpointStore } from './checkpoint/sqlite-checkpoint.store';
