import { join } from 'node:path';
import type { DeadLetterSink, DeliveryLedger } from '@vigil/delivery';
import type { CheckpointStore } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { CheckpointWitness, type DataFolder, type DataFolderHealth, type FileRecordLog, type MigratedCheckpoint, PositionFile, type TornTail } from '@vigil/standalone';

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
  /** How the writes to the folder fare: readiness and liveness. */
  readonly health: DataFolderHealth;
}

export interface StandaloneStorageOptions {
  readonly logger: Logger;
  /** Liveness fails once writes have failed this long (DataFolderHealth); 0: never. */
  readonly failingLiveMs: number;
  /** While writes fail, how often a test write checks for space. */
  readonly probeIntervalMs: number;
}

/** The file beside the logs that holds the notifier's committed event-log position. */
export const NOTIFIER_POSITION_FILE = 'notifier-position.json';

/** The file beside the state database that holds the offset of its last confirmed checkpoint. */
export const EVALUATED_POSITION_FILE = 'evaluated-position.json';

/**
 * Opens every part through the (locked) folder, which closes them all when it closes. A record
 * torn by a crash at the end of a log or file is cut off, with a warning naming what was cut.
 */
export async function openStandaloneStorage(folder: DataFolder, options: StandaloneStorageOptions): Promise<StandaloneStorage> {
  const { logger } = options;
  const health = await folder.openHealth({ logger, failingLiveMs: options.failingLiveMs, probeIntervalMs: options.probeIntervalMs });
  const onTornTail = (tail: TornTail): void => logger.warn({ file: tail.file, position: tail.position, bytes: tail.bytes }, 'cut off an unfinished last record, left by a crash during its write (it was never acknowledged)');
  const watched = { health, onTornTail };
  const checkpoints = await folder.openCheckpoints();
  return {
    points: await folder.openPointLog(watched),
    events: await folder.openEventLog(watched),
    checkpoints: checkpoints.store,
    migratedCheckpoints: checkpoints.migrated,
    checkpointWitness: new CheckpointWitness(join(folder.paths.root, EVALUATED_POSITION_FILE)),
    ledger: await folder.openLedger(watched),
    deadLetters: await folder.openDeadLetters(watched),
    deadLettersPath: folder.paths.deadLetters,
    notifierPosition: new PositionFile(join(folder.paths.root, NOTIFIER_POSITION_FILE)),
    health,
  };
}
