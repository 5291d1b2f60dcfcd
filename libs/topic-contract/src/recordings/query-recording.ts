/** The format of a query recording's record value (`record batch`, `record query`). */
export const QUERY_RECORDING_FORMAT = 'vigil.recording.query.v1';

/** A query recording's chunks stay below this many bytes, well under a broker's default 1 MB message limit. */
export const RECORDING_CHUNK_BYTES = 512 * 1024;

/**
 * What a query recording or a live replay asks InfluxDB: the runs a batch task's `query()` nodes
 * would make from `start` to `stop` (`record batch`, `replay-live batch`), or one query
 * (`record query`, `replay-live query`).
 */
export type QuerySource =
  | { readonly kind: 'batch'; readonly task: string; readonly start: string; readonly stop: string }
  | { readonly kind: 'query'; readonly query: string; readonly cluster: string };

/** Kapacitor's recording statuses (`client/v1`, `Status`). */
export type QueryRecordingStatus = 'running' | 'finished' | 'failed';

/**
 * Kapacitor's `record batch` and `record query` in the distributed mode, as the recordings topic
 * keeps them (beside the stream recordings' ranges, same key). Ingest writes it `running`; the
 * evaluator that ran the queries writes it again `finished`, once the recorded data is in
 * `dataTopic` as `chunks` chunks under keys `<id>/<n>` (`recordingChunkKey`), or `failed`.
 * The data is the lines of Kapacitor's recording, joined with newlines and cut into chunks of at
 * most RECORDING_CHUNK_BYTES: a batch recording holds one recorded batch a line
 * (@vigil/evaluation's `encodeRecordedBatch`), a stream one holds one JSON point a line.
 */
export interface QueryRecording {
  readonly id: string;
  readonly type: 'stream' | 'batch';
  readonly source: 'query';
  readonly query: QuerySource;
  readonly dataTopic: string;
  /** When it was asked for, RFC 3339: `record batch` leaves out runs ending after it, as Kapacitor leaves those after now. */
  readonly date: string;
  readonly status: QueryRecordingStatus;
  readonly error: string;
  /** Bytes of recorded data. */
  readonly size: number;
  readonly chunks: number;
  /** Where the chunks went: a replay reads them by their offsets, or by time in a record written before offsets were kept. */
  readonly written?: RecordingWritten;
}

/**
 * When the chunks were sent, RFC 3339 `[from, to)` by the recording evaluator's clock, and the
 * acked offsets of the first and last chunk. Records in the data topic are stamped by each
 * writer's clock and interleave other evaluators' chunks and ingest's tombstones, so a read by
 * time can miss chunks when clocks differ: a replay reads `[first, last]` when `offsets` is there.
 */
export interface RecordingWritten {
  readonly from: string;
  readonly to: string;
  readonly offsets?: { readonly partition: number; readonly first: string; readonly last: string };
}

/** The data topic key of a query recording's chunk `n` (from 0); recording ids hold no '/'. */
export function recordingChunkKey(id: string, n: number): string {
  return `${id}/${n}`;
}

export function queryRecordingFields(recording: QueryRecording): Record<string, unknown> {
  const { id, type, query, dataTopic, date, status, error, size, chunks, written } = recording;
  return { format: QUERY_RECORDING_FORMAT, id, type, query, 'data-topic': dataTopic, date, status, error, size, chunks, ...(written ? { written } : {}) };
}

/** Reads the fields `queryRecordingFields` wrote (format and id already checked). */
export function queryRecordingOf(id: string, fields: Record<string, unknown>, fail: (reason: string) => Error): QueryRecording {
  const { type, date, status, error, size, chunks } = fields;
  const dataTopic = fields['data-topic'];
  if (type !== 'stream' && type !== 'batch') throw fail(`unknown type ${JSON.stringify(type)}`);
  if (typeof dataTopic !== 'string' || dataTopic === '' || typeof date !== 'string' || typeof error !== 'string') throw fail('"data-topic", "date" and "error" must be strings');
  if (Number.isNaN(Date.parse(date))) throw fail('"date" must be an RFC 3339 time');
  if (status !== 'running' && status !== 'finished' && status !== 'failed') throw fail('"status" must be "running", "finished" or "failed"');
  if (!Number.isSafeInteger(size) || (size as number) < 0 || !Number.isSafeInteger(chunks) || (chunks as number) < 0) throw fail('"size" and "chunks" must be counts');
  const query = querySourceOf(fields['query'], fail);
  const written = writtenOf(fields['written'], fail);
  return { id, type, source: 'query', query, dataTopic, date, status, error, size: size as number, chunks: chunks as number, ...(written ? { written } : {}) };
}

/** Reads a QuerySource that came over Kafka or Redis. */
export function querySourceOf(value: unknown, fail: (reason: string) => Error): QuerySource {
  const { kind, task, start, stop, query, cluster } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (kind === 'batch' && typeof task === 'string' && typeof start === 'string' && typeof stop === 'string' && !Number.isNaN(Date.parse(start)) && !Number.isNaN(Date.parse(stop))) return { kind, task, start, stop };
  if (kind === 'query' && typeof query === 'string' && typeof cluster === 'string') return { kind, query, cluster };
  throw fail('"query" must be {"kind": "batch", "task", "start", "stop"} (RFC 3339 times) or {"kind": "query", "query", "cluster"}');
}

function writtenOf(value: unknown, fail: (reason: string) => Error): QueryRecording['written'] {
  if (value === undefined) return undefined;
  const { from, to, offsets } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof from !== 'string' || typeof to !== 'string' || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) throw fail('"written" must be {"from", "to"} RFC 3339 times');
  if (offsets === undefined) return { from, to };
  const { partition, first, last } = (typeof offsets === 'object' && offsets !== null ? offsets : {}) as Record<string, unknown>;
  const offset = (text: unknown): text is string => typeof text === 'string' && /^(0|[1-9][0-9]*)$/.test(text);
  if (!Number.isSafeInteger(partition) || (partition as number) < 0 || !offset(first) || !offset(last) || BigInt(first) > BigInt(last)) {
    throw fail('"written"."offsets" must be {"partition", "first", "last"}: a partition number and two decimal offsets, first <= last');
  }
  return { from, to, offsets: { partition: partition as number, first, last } };
}

/**
 * The recorded lines as chunks of at most `chunkBytes` bytes (at least 4), each whole UTF-8 text:
 * a line may span two chunks (readers join them first), a character never does.
 */
export function recordingChunks(lines: readonly string[], chunkBytes = RECORDING_CHUNK_BYTES): Buffer[] {
  const data = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    let end = Math.min(at + Math.max(chunkBytes, 4), data.length);
    // Back off continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
    while (end < data.length && ((data[end] as number) & 0xc0) === 0x80) end -= 1;
    chunks.push(data.subarray(at, end));
    at = end;
  }
  return chunks;
}

/**
 * The recorded lines of a finished query recording, from records of its data topic (other
 * recordings' chunks among them are left out). Refuses a recording whose chunks are not all there.
 */
export function recordingLines(recording: QueryRecording, records: readonly { readonly key: string; readonly value: Buffer | null }[]): string[] {
  const chunks = new Map<number, Buffer>();
  const prefix = `${recording.id}/`;
  for (const { key, value } of records) {
    if (!key.startsWith(prefix)) continue;
    const n = Number(key.slice(prefix.length));
    if (value === null) chunks.delete(n);
    else chunks.set(n, value);
  }
  const ordered: Buffer[] = [];
  for (let n = 0; n < recording.chunks; n++) {
    const chunk = chunks.get(n);
    if (chunk === undefined) throw new Error(`recording ${recording.id}: chunk ${recordingChunkKey(recording.id, n)} of ${recording.chunks} is missing from ${recording.dataTopic}`);
    ordered.push(chunk);
  }
  return Buffer.concat(ordered)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}
