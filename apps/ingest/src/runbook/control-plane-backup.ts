import { encodeTaskRecord, tarGz, type KapacitorTask, type KapacitorTemplate } from '@vigil/kapacitor-api';
import { encodeRecordingRecord, encodeReplayRecord, encodeTemplateRecord, encodeTopicHandlerRecord, topicHandlerKeyOf, type RecordingRecord, type ReplayRecord, type TopicHandlerRecord } from '@vigil/topic-contract';

/** What a backup of the distributed mode's definitions holds, as the API's stores hold them now. */
export interface ControlPlaneDefinitions {
  readonly tasks: readonly KapacitorTask[];
  readonly templates: readonly KapacitorTemplate[];
  readonly topicHandlers: readonly TopicHandlerRecord[];
  /** Stream recordings: time ranges of the points topic, restorable while its retention keeps them. */
  readonly recordings: readonly RecordingRecord[];
  /** Replays of those recordings, with how they ended (Kapacitor's backup holds its replays too). */
  readonly replays: readonly ReplayRecord[];
}

/**
 * The distributed mode's `kapacitor backup`: every task, template, topic handler, recording and replay as
 * the value of its record on its compacted topic, one file per record named after the record key
 * (`tasks/<id>.json`, `templates/<id>.json`, `topic-handlers/<topic>/<id>.json`,
 * `recordings/<id>.json`, `replays/<id>.json`; as Kapacitor's backup holds its recordings' metadata, not their data), so restoring is
 * producing each file back to its topic with its key (docs/ingest.md, Backup). Points, alert
 * states and checkpoints are data in flight, as in vigil serve's backup, and are left out. The
 * stores are read at one instant (they change only between event-loop turns), so the set is one
 * the API answered.
 */
export function controlPlaneArchive(definitions: ControlPlaneDefinitions, mtimeSeconds: number): Promise<Buffer> {
  const text = (value: string): Buffer => Buffer.from(`${value}\n`, 'utf8');
  return tarGz(
    [
      ...definitions.tasks.map((task) => ({ path: `tasks/${task.name}.json`, bytes: text(encodeTaskRecord(task)) })),
      ...definitions.templates.map((template) => ({ path: `templates/${template.id}.json`, bytes: text(encodeTemplateRecord(template)) })),
      ...definitions.topicHandlers.map((handler) => ({ path: `topic-handlers/${topicHandlerKeyOf(handler.topic, handler.id)}.json`, bytes: text(encodeTopicHandlerRecord(handler)) })),
      ...definitions.recordings.map((recording) => ({ path: `recordings/${recording.id}.json`, bytes: text(encodeRecordingRecord(recording)) })),
      ...definitions.replays.map((replay) => ({ path: `replays/${replay.id}.json`, bytes: text(encodeReplayRecord(replay)) })),
    ],
    mtimeSeconds,
  );
}
