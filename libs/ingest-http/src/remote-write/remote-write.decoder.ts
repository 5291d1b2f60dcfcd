import type { Point } from '@vigil/core';
import { uncompress } from 'snappyjs';
import { BodyTooLargeError } from '../write/body-decoding';
import { utf8Label } from '../write/utf8-body';
import { WriteRefusedError, type ParsedWrite } from '../write/write-outcome';
import { writeRequestType, type WriteRequestMessage } from './remote-write.proto';

/**
 * A remote_write body (snappy block format, then a protobuf WriteRequest) as points: one per
 * sample, measurement = `__name__`, tags = the other labels, field `value` (float), time = the
 * sample's millisecond timestamp. Non-finite samples (Prometheus' staleness markers are NaN)
 * are dropped and counted as rejected, as InfluxDB's Prometheus endpoint drops them. A label
 * name or value that is not UTF-8 refuses the whole body with 400.
 */
export async function decodeRemoteWrite(body: Buffer, target: { database: string; retentionPolicy: string }, maxBytes: number): Promise<ParsedWrite> {
  let raw: Buffer;
  try {
    raw = uncompress(body, maxBytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('too big')) throw new BodyTooLargeError(maxBytes);
    throw new WriteRefusedError(400, `snappy decode error: ${message}`);
  }
  const type = await writeRequestType();
  let request: WriteRequestMessage;
  try {
    request = type.toObject(type.decode(raw), { longs: String, defaults: true }) as WriteRequestMessage;
  } catch (error) {
    throw new WriteRefusedError(400, `protobuf decode error: ${error instanceof Error ? error.message : String(error)}`);
  }
  const points: Point[] = [];
  const seriesOf: number[] = [];
  let rejected = 0;
  for (const [index, series] of (request.timeseries ?? []).entries()) {
    let name = '';
    const tags: Record<string, string> = {};
    for (const label of series.labels ?? []) {
      const key = utf8Label(label.name);
      const value = utf8Label(label.value);
      // Prometheus refuses labels that are not UTF-8 too; the whole request, as any bad series.
      if (key === undefined || value === undefined) throw new WriteRefusedError(400, `timeseries ${index}: a label is not valid UTF-8`);
      if (key === '__name__') name = value;
      else if (key) tags[key] = value;
    }
    for (const sample of series.samples ?? []) {
      const value = sample.value ?? 0;
      if (name === '' || !Number.isFinite(value)) {
        rejected++;
        continue;
      }
      points.push({
        database: target.database,
        retentionPolicy: target.retentionPolicy,
        name,
        tags,
        fields: { value },
        time: BigInt(sample.timestamp ?? '0') * 1_000_000n,
      });
      seriesOf.push(index);
    }
  }
  return { points, rejected, positionOf: (point) => `timeseries ${seriesOf[point] ?? '?'}` };
}
