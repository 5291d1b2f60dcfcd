import { join } from 'node:path';
import type { DeadLetterSink, DeliveryLedger } from '@vigil/delivery';
import type { CheckpointStore } from '@vigil/evaluation';
import { PositionFile } from '../notification/position-file';
import { CheckpointWitness } from '../storage/checkpoint/checkpoint-witness';
import type { MigratedCheckpoint } from '../storage/checkpoint/json-checkpoint-migration';
import type { DataFolder } from '../storage/data-folder';
import type { FileRecordLog } from '../storage/record-log/file-record-log';

/** Everything the server keeps in its data folder, opened. */
export interface StandaloneStorage {
  readonly points: FileRecordLog;
  readonly events: FileRecordLog;
  readonly checkpoints: CheckpointStore;
  /** JSON checkpoint files of an older vigil moved into the state database at this open. */
  readonly migratedCheckpoints: readonly MigratedCheckpoint[];
  /** The last checkpoint offset the state database confirmed, kept beside it to notice its loss. */
  readonly checkpointWitness: CheckpointWitness;
  readonly ledger: DeliveryLedger;
  readonly deadLetters: DeadLetterSink;
  /** Where the dead letters are, for the replay endpoint to read. */
  readonly deadLettersPath: string;
  readonly notifierPosition: PositionFile;
}

/** The file beside the logs that holds the notifier's committed event-log position. */
export const NOTIFIER_POSITION_FILE = 'notifier-position.json';

/** The file beside the state database that holds the offset of its last confirmed checkpoint. */
export const EVALUATED_POSITION_FILE = 'evaluated-position.json';

/** Opens every part through the (locked) folder, which closes them all when it closes. */
export async function openStandaloneStorage(folder: DataFolder): Promise<StandaloneStorage> {
  const checkpoints = await folder.openCheckpoints();
  return {
    points: await folder.openPointLog(),
    events: await folder.openEventLog(),
    checkpoints: checkpoints.store,
    migratedCheckpoints: checkpoints.migrated,
    checkpointWitness: new CheckpointWitness(join(folder.paths.root, EVALUATED_POSITION_FILE)),
    ledger: await folder.openLedger(),
    deadLetters: await folder.openDeadLetters(),
    deadLettersPath: folder.paths.deadLetters,
    notifierPosition: new PositionFile(join(folder.paths.root, NOTIFIER_POSITION_FILE)),
  };
}
