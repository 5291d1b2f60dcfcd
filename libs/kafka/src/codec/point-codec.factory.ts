import { AvroPointCodec } from './avro-point.codec';
import { JsonPointCodec } from './json-point.codec';
import type { PointCodec } from './point-codec';

/**
 * Avro through the registry when one is configured, JSON otherwise. Every producer and consumer
 * of a topic must be configured alike; the two formats are told apart by their first byte (0 for
 * Avro, `{` for JSON), so a mismatch shows up as a clear decode error, not as wrong points.
 */
export async function createPointCodec(options: { registryUrl?: string; topic: string }): Promise<PointCodec> {
  if (options.registryUrl === undefined) return new JsonPointCodec();
  return AvroPointCodec.create({ registryUrl: options.registryUrl, subject: `${options.topic}-value` });
}
