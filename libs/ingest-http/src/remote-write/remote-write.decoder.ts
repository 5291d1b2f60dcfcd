import type { Point } from '@vigil/core';
import { uncompress } from 'snappyjs';
import { BodyTooLargeError } from '../write/body-decoding';
import { WriteRefusedError, type ParsedWrite } from '../write/write-outcome';
import { WRITE_REQUEST, type WriteRequestMessage } from './remote-write.proto';

/**
 * A remote_write body (snappy block format, then a protobuf WriteRequest) as points: one per
 * sample, measurement = `__name__`, tags = the other labels, field `value` (float), time = the
 * sample's millisecond timestamp. Non-finite samples (Prometheus' staleness markers are NaN)
 * are dropped and counted as rejected, as InfluxDB's Prometheus endpoint drops them.
 */
export function decodeRemoteWrite(body: Buffer, target: { database: string; retentionPolicy: string }, maxBytes: number): ParsedWrite {
  let raw: Buffer;
  try {
    raw = uncompress(body, maxBytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('too big')) throw new BodyTooLargeError(maxBytes);
    throw new WriteRefusedError(400, `snappy decode error: ${message}`);
  }
  let request: WriteRequestMessage;
  try {
    request = WRITE_REQUEST.toObject(WRITE_REQUEST.decode(raw), { longs: String, defaults: true }) as WriteRequestMessage;
  } catch (error) {
    throw new WriteRefusedError(400, `protobuf decode error: ${error instanceof Error ? error.message : String(error)}`);
  }
  const points: Point[] = [];
  let rejected = 0;
  for (const series of request.timeseries ?? []) {
    let name = '';
    const tags: Record<string, string> = {};
    for (const label of series.labels ?? []) {
      if (label.name === '__name__') name = label.value ?? '';
      else if (label.name) tags[label.name] = label.value ?? '';
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
    }
  }
  return { points, rejected };
}
