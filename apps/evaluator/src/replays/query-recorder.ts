import type { InfluxDBPort, TaskDefinition } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { encodeRecordingRecord, recordingChunkKey, recordingChunks, type QueryRecording, type RecordingWritten, type RecordRequest } from '@vigil/topic-contract';
import type { ReplayMessage, SentBatch } from './replay-message';
import { NO_INFLUXDB, recordedLines } from './query-runs';

export interface QueryRecorderOptions {
  readonly definition: (task: string) => Promise<TaskDefinition>;
  /** Sends and resolves once Kafka has them, with where they went (void: unknown, and a replay reads the chunks by time). */
  readonly send: (topic: string, messages: readonly ReplayMessage[]) => Promise<readonly SentBatch[] | void>;
  readonly influxdb?: InfluxDBPort | undefined;
  /** This evaluator's topics: a request naming others is written failed, not run (as replays are). */
  readonly recordingsTopic: string;
  readonly recordingDataTopic: string;
  readonly logger: Logger;
  /** Chunk size, RECORDING_CHUNK_BYTES unless a test sets it smaller. */
  readonly chunkBytes?: number;
}

/**
 * The evaluator's side of `record batch` and `record query` in the distributed mode: runs the
 * recording's queries against this evaluator's InfluxDB, sends the recorded lines in chunks to
 * the recording data topic (keys `<id>/<n>`, acks=all), then writes the recording finished with
 * its size, chunk count and when the chunks were sent, or failed with the error and the count of
 * chunks sent before it (so a delete tombstones them). A crash before that last write leaves the
 * recording `running` until ingest writes it failed (its lease lapsed); the chunks sent before the
 * crash are counted in no record, so no delete tombstones them.
 */
export class QueryRecorder {
  constructor(
    private readonly options: QueryRecorderOptions,
    private readonly signal: AbortSignal,
  ) {}

  async record(request: RecordRequest): Promise<void> {
    const { recording } = request;
    const { logger } = this.options;
    let sent = 0;
    try {
      this.checkTopics(request);
      if (this.options.influxdb === undefined) throw new Error(NO_INFLUXDB);
      if (this.signal.aborted) throw new Error('the evaluator stopped during the recording');
      const lines = await recordedLines(recording, this.options.definition, this.options.influxdb, this.signal);
      const chunks = recordingChunks(lines, this.options.chunkBytes);
      const from = new Date().toISOString();
      const at: (SentBatch | undefined)[] = [];
      // One chunk a send keeps each request below the broker's limit.
      for (const [n, chunk] of chunks.entries()) {
        const [delivered] = (await this.options.send(recording.dataTopic, [{ key: recordingChunkKey(recording.id, n), value: chunk.toString('utf8') }])) ?? [];
        at.push(delivered);
        sent = n + 1;
      }
      const to = new Date(Date.now() + 1).toISOString();
      const size = chunks.reduce((total, chunk) => total + chunk.length, 0);
      await this.write({ ...recording, status: 'finished', size, chunks: chunks.length, written: writtenAt(from, to, at) });
      logger.info({ recording: recording.id, lines: lines.length, bytes: size, chunks: chunks.length }, 'recording finished');
    } catch (error) {
      logger.warn({ recording: recording.id, err: error }, 'recording failed');
      await this.write({ ...recording, status: 'failed', error: (error as Error).message, chunks: sent }).catch((writeError: unknown) =>
        logger.error({ recording: recording.id, err: writeError }, 'the failed recording could not be written to the recordings topic; it shows running'),
      );
    }
  }

  private checkTopics({ recording, recordingsTopic }: RecordRequest): void {
    if (recordingsTopic !== this.options.recordingsTopic) {
      throw new Error(`the record request names the recordings topic ${recordingsTopic}, and this evaluator writes recordings only to ${this.options.recordingsTopic} (RECORDINGS_TOPIC): give ingest and the evaluators the same RECORDINGS_TOPIC`);
    }
    if (recording.dataTopic !== this.options.recordingDataTopic) {
      throw new Error(`the recording names the data topic ${recording.dataTopic}, and this evaluator writes recording data only to ${this.options.recordingDataTopic} (RECORDING_DATA_TOPIC): give ingest and the evaluators the same RECORDING_DATA_TOPIC`);
    }
  }

  private async write(recording: QueryRecording): Promise<void> {
    await this.options.send(this.options.recordingsTopic, [{ key: recording.id, value: encodeRecordingRecord(recording) }]);
  }
}

/** The recording's `written`: the chunks' first and last offsets when every send said where it went, on one partition. */
export function writtenAt(from: string, to: string, sent: readonly (SentBatch | undefined)[]): RecordingWritten {
  const first = sent[0];
  const last = sent.at(-1);
  if (first === undefined || last === undefined || sent.some((batch) => batch === undefined || batch.partition !== first.partition)) return { from, to };
  return { from, to, offsets: { partition: first.partition, first: first.baseOffset, last: last.baseOffset } };
}
