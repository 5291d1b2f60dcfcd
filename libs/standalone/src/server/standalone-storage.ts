import { join } from 'node:path';
import type { DeadLetterSink, DeliveryLedger } from '@vigil/delivery';
import type { CheckpointStore } from '@vigil/evaluation';
import { PositionFile } from '../notification/position-file';
import type { DataFolder } from '../storage/data-folder';
import type { FileRecordLog } from '../storage/record-log/file-record-log';

/** Everything the server keeps in its data folder, opened. */
export interface StandaloneStorage {
  readonly points: FileRecordLog;
  readonly events: FileRecordLog;
  readonly checkpoints: CheckpointStore;
  readonly ledger: DeliveryLedger;
  readonly deadLetters: DeadLetterSink;
  /** Where the dead letters are, for the replay endpoint to read. */
  readonly deadLettersPath: string;
  readonly notifierPosition: PositionFile;
}

/** The file beside the logs that holds the notifier's committed event-log position. */
export const NOTIFIER_POSITION_FILE = 'notifier-position.json';

/** Opens every part through the (locked) folder, which closes them all when it closes. */
export async function openStandaloneStorage(folder: DataFolder): Promise<StandaloneStorage> {
  return {
    points: await folder.openPointLog(),
    events: await folder.openEventLog(),
    checkpoints: await folder.openCheckpoints(),
    ledger: await folder.openLedger(),
    deadLetters: await folder.openDeadLetters(),
    deadLettersPath: folder.paths.deadLetters,
    notifierPosition: new PositionFile(join(folder.paths.root, NOTIFIER_POSITION_FILE)),
  };
}
