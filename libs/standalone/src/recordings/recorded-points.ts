import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { decodeJsonPoint, encodeJsonPoint, type Point } from '@vigil/core';
import { MessageDecoder } from '@vigil/evaluation';
import type { Dbrp } from '@vigil/tick-lang';
import type { TailedLog } from '../tailing/tailed-log';

/** Decodes point-log records as the evaluation loop does (line protocol, JSON points for the rest). */
export const pointLogDecoder = new MessageDecoder({ defaultDatabase: 'telegraf', defaultRetentionPolicy: 'autogen', json: async (value) => decodeJsonPoint(value) });

/** True when the point was written to one of the dbrps. */
export function inDbrps(point: Point, dbrps: readonly Dbrp[]): boolean {
  return dbrps.some((dbrp) => dbrp.database === point.database && dbrp.retentionPolicy === point.retentionPolicy);
}

/** The points of point-log records `from` to `to` (exclusive), in log order. */
export async function* pointsOfLog(log: TailedLog, from: bigint, to: bigint): AsyncGenerator<Point> {
  let next = from < log.start() ? log.start() : from;
  while (next < to) {
    const records = await log.read(next, Number(to - next < 1000n ? to - next : 1000n));
    if (records.length === 0) return;
    for (const record of records) {
      if (record.offset >= to) return;
      const decoded = await pointLogDecoder.decode({ offset: record.offset.toString(), value: Buffer.from(record.value, 'utf8'), headers: record.headers, timestampMs: 0 });
      yield* decoded.points;
    }
    next = (records.at(-1)?.offset ?? next) + 1n;
  }
}

/** Writes points to a recording file: gzip, one JSON point a line. */
export class RecordingWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;

  constructor(path: string) {
    const file = createWriteStream(path);
    this.gzip.pipe(file);
    this.done = finished(file);
  }

  async write(point: Point): Promise<void> {
    if (!this.gzip.write(`${encodeJsonPoint(point).toString('utf8')}\n`)) await new Promise((resolve) => this.gzip.once('drain', resolve));
  }

  async close(): Promise<void> {
    this.gzip.end();
    await this.done;
  }
}

/** The points of a recording file, in recorded order. */
export async function* pointsOfRecording(path: string): AsyncGenerator<Point> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield decodeJsonPoint(Buffer.from(line, 'utf8'));
}
