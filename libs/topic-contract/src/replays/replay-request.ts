import { querySourceOf, type QueryRecording, type QuerySource } from '../recordings/query-recording';
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
  /** Absent in what encodeReplayRequest writes, so evaluators from before the other kinds read it. */
  readonly kind?: 'replay';
  readonly replay: ReplayRecord;
  readonly recording: RecordingRecord;
  readonly replaysTopic: string;
}

/**
 * `record batch` and `record query`: the recording as ingest wrote it (running) to
 * `recordingsTopic`; the evaluator runs the queries, writes the data to the recording's data
 * topic and the recording's end to `recordingsTopic`.
 */
export interface RecordRequest {
  readonly kind: 'record';
  readonly recording: QueryRecording;
  readonly recordingsTopic: string;
}

/** `replay-live batch` and `replay-live query`: the replay (running, no recording) and what to query for it. */
export interface LiveReplayRequest {
  readonly kind: 'replay-live';
  readonly replay: ReplayRecord;
  readonly query: QuerySource;
  readonly replaysTopic: string;
}

/** Everything ingest hands an evaluator over the replay queue. */
export type EvaluatorRunRequest = ReplayRequest | RecordRequest | LiveReplayRequest;

/** The evaluator's answer: it took the replay and will record its end. */
export const REPLAY_TAKEN = '{"taken":true}';

/** The answer of an evaluator holding as many runs waiting as it takes: it did not take this one, ask again. */
export function replayBusyAnswer(waiting: number): string {
  return JSON.stringify({ busy: true, waiting });
}

/** The runs waiting on the evaluator that answered busy, or undefined for any other answer. */
export function busyWaitingOf(answer: string): number | undefined {
  try {
    const parsed = JSON.parse(answer) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { busy, waiting } = parsed as Record<string, unknown>;
    return busy === true && typeof waiting === 'number' && Number.isInteger(waiting) && waiting >= 0 ? waiting : undefined;
  } catch {
    return undefined;
  }
}

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

export function encodeEvaluatorRunRequest(request: EvaluatorRunRequest): string {
  if (request.kind === 'record') return JSON.stringify({ kind: 'record', recording: encodeRecordingRecord(request.recording), 'recordings-topic': request.recordingsTopic });
  if (request.kind === 'replay-live') return JSON.stringify({ kind: 'replay-live', replay: encodeReplayRecord(request.replay), query: request.query, 'replays-topic': request.replaysTopic });
  return encodeReplayRequest(request);
}

/** Reads any request of the queue; one without a "kind" is a replay of a recording, as before the other kinds. */
export function decodeEvaluatorRunRequest(text: string): EvaluatorRunRequest {
  const value = parsed(text);
  const kind = value['kind'];
  if (kind === undefined || kind === 'replay') return replayRequestOf(value);
  if (kind === 'record') {
    const { recording } = value;
    const recordingsTopic = value['recordings-topic'];
    if (typeof recording !== 'string' || typeof recordingsTopic !== 'string' || recordingsTopic === '') throw new ReplayRequestError('record request: expected {"recording", "recordings-topic"} strings');
    const decoded = decodeRecordingRecord(idOf(recording), recording);
    if (decoded.source !== 'query') throw new ReplayRequestError(`record request: recording ${decoded.id} is a range of the points topic, which nothing records`);
    return { kind, recording: decoded, recordingsTopic };
  }
  if (kind === 'replay-live') {
    const { replay } = value;
    const replaysTopic = value['replays-topic'];
    if (typeof replay !== 'string' || typeof replaysTopic !== 'string' || replaysTopic === '') throw new ReplayRequestError('replay-live request: expected {"replay", "query", "replays-topic"}');
    const query = querySourceOf(value['query'], (reason) => new ReplayRequestError(`replay-live request: ${reason}`));
    return { kind, replay: decodeReplayRecord(idOf(replay), replay), query, replaysTopic };
  }
  throw new ReplayRequestError(`evaluator request: unknown kind ${JSON.stringify(kind)}`);
}

export function decodeReplayRequest(text: string): ReplayRequest {
  return replayRequestOf(parsed(text));
}

function parsed(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReplayRequestError(`replay request: not JSON (${(error as Error).message})`);
  }
  return (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
}

function replayRequestOf(value: Record<string, unknown>): ReplayRequest {
  const { replay, recording } = value;
  const replaysTopic = value['replays-topic'];
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
