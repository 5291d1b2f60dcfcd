import { jsonObject } from '../templates/template-record';

/** The format of a replay's record value; a reader refuses others, so a newer writer is noticed. */
export const REPLAY_RECORD_FORMAT = 'vigil.replay.v1';

/** Kapacitor's replay statuses (`client/v1`, `Status`). */
export type ReplayStatus = 'running' | 'finished' | 'failed';

/**
 * Kapacitor's `replay` in the distributed mode, as the replays topic keeps it (compacted, one
 * partition; key = the replay id, a tombstone deletes it). Ingest writes it `running` when it
 * queues the replay; the evaluator that runs it writes it again `finished` or `failed`.
 */
export interface ReplayRecord {
  readonly id: string;
  readonly task: string;
  readonly recording: string;
  readonly recordingTime: boolean;
  readonly clock: 'fast' | 'real';
  /** When the replay was asked for, RFC 3339: a replay's times start here unless `recordingTime`. */
  readonly date: string;
  readonly status: ReplayStatus;
  readonly error: string;
  /** 0 while running, 1 once ended, as Kapacitor shows a replay's progress. */
  readonly progress: number;
  /**
   * A finished replay's node figures as Kapacitor's `node-stats` shows them (node name to figure
   * name to number), written by the evaluator that ran it; absent in records written before.
   */
  readonly nodeStats?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Thrown for a replays record that is not one `encodeReplayRecord` wrote. */
export class ReplayRecordError extends Error {
  constructor(key: string, reason: string) {
    super(`replay record ${JSON.stringify(key)}: ${reason}`);
    this.name = 'ReplayRecordError';
  }
}

export function encodeReplayRecord(replay: ReplayRecord): string {
  const { id, task, recording, recordingTime, clock, date, status, error, progress, nodeStats } = replay;
  return JSON.stringify({ format: REPLAY_RECORD_FORMAT, id, task, recording, 'recording-time': recordingTime, clock, date, status, error, progress, ...(nodeStats === undefined ? {} : { 'node-stats': nodeStats }) });
}

/** Reads a replay's record value; every field is checked, since it came over Kafka (or Redis). */
export function decodeReplayRecord(key: string, value: Buffer | string): ReplayRecord {
  const fail = (reason: string): Error => new ReplayRecordError(key, reason);
  const fields = jsonObject(key, value, fail);
  if (fields['format'] !== REPLAY_RECORD_FORMAT) throw fail(`unknown format ${JSON.stringify(fields['format'])}`);
  if (fields['id'] !== key) throw fail('its id is not its key');
  const { task, recording, clock, date, status, error, progress } = fields;
  const recordingTime = fields['recording-time'];
  if (typeof task !== 'string' || typeof recording !== 'string' || typeof date !== 'string' || typeof error !== 'string') throw fail('"task", "recording", "date" and "error" must be strings');
  if (Number.isNaN(Date.parse(date))) throw fail('"date" must be an RFC 3339 time');
  if (typeof recordingTime !== 'boolean') throw fail('"recording-time" must be true or false');
  if (clock !== 'fast' && clock !== 'real') throw fail('"clock" must be "fast" or "real"');
  if (status !== 'running' && status !== 'finished' && status !== 'failed') throw fail('"status" must be "running", "finished" or "failed"');
  if (typeof progress !== 'number' || progress < 0 || progress > 1) throw fail('"progress" must be a number from 0 to 1');
  const nodeStats = fields['node-stats'];
  if (nodeStats !== undefined && !isNodeStats(nodeStats)) throw fail('"node-stats" must map each node to an object of numbers');
  return { id: key, task, recording, recordingTime, clock, date, status, error, progress, ...(nodeStats === undefined ? {} : { nodeStats }) };
}

function isNodeStats(value: unknown): value is Record<string, Record<string, number>> {
  const isObject = (candidate: unknown): candidate is Record<string, unknown> => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
  return isObject(value) && Object.values(value).every((figures) => isObject(figures) && Object.values(figures).every((figure) => typeof figure === 'number' && Number.isFinite(figure)));
}
