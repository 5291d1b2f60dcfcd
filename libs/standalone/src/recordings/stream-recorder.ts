import type { Dbrp } from '@vigil/tick-lang';
import { abortableDelay, type TailedLog } from '../tailing/tailed-log';
import { pointLogDecoder, inDbrps, RecordingWriter } from './recorded-points';

export interface StreamRecording {
  /** The point log, read from its end at the start of the recording. */
  readonly points: TailedLog;
  /** The task's dbrps: only points written to one of them are recorded. */
  readonly dbrps: readonly Dbrp[];
  /** The end of the recording, ns since the epoch. */
  readonly stopNs: bigint;
  readonly path: string;
  readonly nowMs: () => number;
  /** Aborted when the server stops: the recording ends with what it has. */
  readonly signal: AbortSignal;
}

/**
 * Records the points the server receives for a task's dbrps from now until `stopNs`, as
 * Kapacitor's `doRecordStream` forks the task's points into its recording. Kapacitor ends the
 * recording at the first point later than the stop time; vigil also ends it when the wall clock
 * passes the stop time, so a recording of a quiet stream finishes. Points later than the stop
 * time are not recorded. Resolves with the number of points recorded.
 */
export async function recordStream(recording: StreamRecording): Promise<number> {
  const { points, dbrps, stopNs, nowMs, signal } = recording;
  const writer = new RecordingWriter(recording.path);
  let next = points.end();
  let count = 0;
  const stopMs = Number(stopNs / 1_000_000n);
  try {
    while (!signal.aborted && nowMs() < stopMs) {
      if (next >= points.end()) {
        const wait = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, Math.min(1000, stopMs - nowMs())))]);
        await points.waitForAppend(next, wait);
        continue;
      }
      const records = await points.read(next, 1000);
      for (const record of records) {
        const decoded = await pointLogDecoder.decode({ offset: record.offset.toString(), value: Buffer.from(record.value, 'utf8'), headers: record.headers, timestampMs: 0 });
        for (const point of decoded.points) {
          if (!inDbrps(point, dbrps)) continue;
          if (point.time > stopNs) return count;
          await writer.write(point);
          count += 1;
        }
      }
      next = (records.at(-1)?.offset ?? next) + 1n;
      if (records.length === 0) await abortableDelay(100, signal);
    }
    return count;
  } finally {
    await writer.close();
  }
}
