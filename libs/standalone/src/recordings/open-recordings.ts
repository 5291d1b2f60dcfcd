import type { InfluxDBPort } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import type { NodeRegistry } from '@vigil/tick-engine';
import type { DataFolder } from '../storage/data-folder';
import type { TaskFile } from '../storage/tasks/task-file';
import type { EventLogAppender } from '../evaluation/event-log.sink';
import type { TailedLog } from '../tailing/tailed-log';
import { RecordingService } from './recording-service';
import { RecordingStore } from './recording-store';

export { RecordingService } from './recording-service';

/** Opens the data folder's recordings and replays (`recordings/`, `replays/`) and the service that runs them. */
export async function openRecordings(folder: DataFolder, storage: { readonly points: TailedLog; readonly events: EventLogAppender }, task: (name: string) => TaskFile | undefined, wiring: { readonly nowMs: () => number; readonly logger: Logger; readonly engine?: { readonly registry: NodeRegistry }; readonly influxdb?: InfluxDBPort | undefined }): Promise<{ readonly store: RecordingStore; readonly service: RecordingService }> {
  const store = await RecordingStore.open(folder.paths.root);
  return { store, service: new RecordingService({ store, points: storage.points, events: storage.events, task, nowMs: wiring.nowMs, logger: wiring.logger, ...(wiring.engine === undefined ? {} : { registry: wiring.engine.registry }), influxdb: wiring.influxdb }) };
}
