import { jsonObject } from '../templates/template-record';
import { QUERY_RECORDING_FORMAT, queryRecordingFields, queryRecordingOf, type QueryRecording } from './query-recording';

/** The format of a stream recording's record value (a range); a reader refuses others, so a newer writer is noticed. */
export const RECORDING_RECORD_FORMAT = 'vigil.recording.v1';

/**
 * Kapacitor's `record stream` in the distributed mode, as the recordings topic keeps it
 * (compacted, one partition; key = the recording id, a tombstone deletes it). The points are not
 * copied: the recording is the time range [start, stop) of the points topic, in the task's dbrps
 * when it was recorded, and lives as long as the points topic's retention keeps that range.
 */
export interface RangeRecording {
  readonly id: string;
  readonly type: 'stream';
  /** Never written: what tells a range from a QueryRecording (`source: 'query'`). */
  readonly source?: 'points-topic';
  /** The task the recording was made for, for people reading the topic. */
  readonly task: string;
  /** The task's dbrps when recorded: a replay reads the points written to these. */
  readonly dbrps: readonly { readonly db: string; readonly rp: string }[];
  readonly pointsTopic: string;
  /** RFC 3339 times of the range; the recording runs until `stop` has passed. */
  readonly start: string;
  readonly stop: string;
}

/** A record of the recordings topic: a stream recording's range, or a `record batch`/`record query` recording's data. */
export type RecordingRecord = RangeRecording | QueryRecording;

/** Thrown for a recordings record that is not one `encodeRecordingRecord` wrote. */
export class RecordingRecordError extends Error {
  constructor(key: string, reason: string) {
    super(`recording record ${JSON.stringify(key)}: ${reason}`);
    this.name = 'RecordingRecordError';
  }
}

export function encodeRecordingRecord(recording: RecordingRecord): string {
  if (recording.source === 'query') return JSON.stringify(queryRecordingFields(recording));
  const { id, type, task, dbrps, pointsTopic, start, stop } = recording;
  return JSON.stringify({ format: RECORDING_RECORD_FORMAT, id, type, task, dbrps, 'points-topic': pointsTopic, start, stop });
}

/** Reads a recording's record value; every field is checked, since it came over Kafka. */
export function decodeRecordingRecord(key: string, value: Buffer | string): RecordingRecord {
  const fail = (reason: string): Error => new RecordingRecordError(key, reason);
  const fields = jsonObject(key, value, fail);
  if (fields['format'] !== RECORDING_RECORD_FORMAT && fields['format'] !== QUERY_RECORDING_FORMAT) throw fail(`unknown format ${JSON.stringify(fields['format'])}`);
  if (fields['id'] !== key) throw fail('its id is not its key');
  if (fields['format'] === QUERY_RECORDING_FORMAT) return queryRecordingOf(key, fields, fail);
  if (fields['type'] !== 'stream') throw fail(`unknown type ${JSON.stringify(fields['type'])}`);
  const { task, start, stop } = fields;
  const pointsTopic = fields['points-topic'];
  if (typeof task !== 'string' || typeof pointsTopic !== 'string' || typeof start !== 'string' || typeof stop !== 'string') throw fail('"task", "points-topic", "start" and "stop" must be strings');
  if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(stop))) throw fail('"start" and "stop" must be RFC 3339 times');
  const raw = fields['dbrps'];
  if (!Array.isArray(raw)) throw fail('"dbrps" must be an array of {"db", "rp"}');
  const dbrps = raw.map((dbrp: unknown, n) => {
    const { db, rp } = (typeof dbrp === 'object' && dbrp !== null ? dbrp : {}) as Record<string, unknown>;
    if (typeof db !== 'string' || typeof rp !== 'string') throw fail(`dbrps[${n}]: expected {"db", "rp"} strings`);
    return { db, rp };
  });
  return { id: key, type: 'stream', task, dbrps, pointsTopic, start, stop };
}
