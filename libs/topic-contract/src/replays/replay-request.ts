import { decodeRecordingRecord, encodeRecordingRecord, type RecordingRecord } from '../recordings/recording-record';
import { decodeReplayRecord, encodeReplayRecord, type ReplayRecord } from './replay-record';

/**
 * What ingest asks an evaluator for `kapacitor replay` in the distributed mode, over a Redis
 * request queue (RedisRequestQueue, keys from `replayQueueKeys`): the replay as ingest wrote it
 * (running) to `replaysTopic`, and the recording whose range of the points topic it replays. The
 * evaluator that pops it answers `{"taken": true}` at once, runs the replay, and writes the
 * replay's end to `replaysTopic` itself, since a replay may outlast the asking ingest.
 */
export interface ReplayRequest {
  readonly replay: ReplayRecord;
  readonly recording: RecordingRecord;
  readonly replaysTopic: string;
}

/** The evaluator's answer: it took the replay and will record its end. */
export const REPLAY_TAKEN = '{"taken":true}';

/** A message that breaks this contract; the text says which part. */
export class ReplayRequestError extends Error {
  override readonly name = 'ReplayRequestError';
}

/**
 * The Redis keys of a deployment's replay queue, named after its tasks topic, which every ingest
 * and evaluator of one deployment already share (as the task statistics keys are).
 */
export function replayQueueKeys(tasksTopic: string): { readonly requests: string; readonly replyPrefix: string } {
  return { requests: `vigil.replays:${tasksTopic}:requests`, replyPrefix: `vigil.replays:${tasksTopic}:reply:` };
}

export function encodeReplayRequest(request: ReplayRequest): string {
  return JSON.stringify({ replay: encodeReplayRecord(request.replay), recording: encodeRecordingRecord(request.recording), 'replays-topic': request.replaysTopic });
}

export function decodeReplayRequest(text: string): ReplayRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReplayRequestError(`replay request: not JSON (${(error as Error).message})`);
  }
  const { replay, recording } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const replaysTopic = (value as Record<string, unknown> | null)?.['replays-topic'];
  if (typeof replay !== 'string' || typeof recording !== 'string' || typeof replaysTopic !== 'string' || replaysTopic === '') {
    throw new ReplayRequestError('replay request: expected {"replay", "recording", "replays-topic"} strings');
  }
  const replayId = idOf(replay);
  const recordingId = idOf(recording);
  const decoded = { replay: decodeReplayRecord(replayId, replay), recording: decodeRecordingRecord(recordingId, recording), replaysTopic };
  if (decoded.replay.recording !== decoded.recording.id) throw new ReplayRequestError(`replay request: replay ${replayId} names recording ${decoded.replay.recording}, not ${recordingId}`);
  return decoded;
}

/** The id inside an encoded record (its key on the topic), which the record's decoder checks. */
function idOf(encoded: string): string {
  try {
    const id = (JSON.parse(encoded) as Record<string, unknown> | null)?.['id'];
    if (typeof id === 'string') return id;
  } catch {
    // Reported below, as any other malformed record.
  }
  throw new ReplayRequestError('replay request: a record without an "id"');
}
