import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { Point } from '@vigil/core';
import { decodeRecordedBatch, encodeRecordedBatch, type RecordedBatch } from '@vigil/evaluation';
import { RecordingWriter } from './recorded-points';

/** Writes a stream recording of points (the stream recording format). */
export async function writeStreamRecording(path: string, points: readonly Point[]): Promise<void> {
  const writer = new RecordingWriter(path);
  try {
    for (const point of points) await writer.write(point);
  } finally {
    await writer.close();
  }
}

/** Writes a batch recording: gzip, one recorded batch a line, times as ns decimal strings. */
export async function writeBatchRecording(path: string, batches: AsyncIterable<RecordedBatch> | Iterable<RecordedBatch>): Promise<number> {
  const gzip = createGzip();
  const file = createWriteStream(path);
  gzip.pipe(file);
  const done = finished(file);
  let count = 0;
  try {
    for await (const recorded of batches) {
      if (!gzip.write(`${encodeRecordedBatch(recorded)}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
      count += 1;
    }
  } finally {
    gzip.end();
    await done;
  }
  return count;
}

/** The batches of a batch recording, in recorded order. */
export async function* batchesOfRecording(path: string): AsyncGenerator<RecordedBatch> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield decodeRecordedBatch(line);
}
