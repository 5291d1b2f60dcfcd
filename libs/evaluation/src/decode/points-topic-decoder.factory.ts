import { decodeJsonPoint } from '@vigil/core';
import { MessageDecoder, type PointValueDecoder } from './message-decoder';

/** The settings of an app's config that say how the points topic is decoded (the evaluator's and `vigil replay --from-topic`'s). */
export interface PointsTopicDecoding {
  readonly POINTS_DEFAULT_DATABASE: string;
  readonly POINTS_DEFAULT_RETENTION_POLICY: string;
  readonly SCHEMA_REGISTRY_URL?: string | undefined;
}

/**
 * The decoder of every reader of the points topic: line protocol, JSON points, and Avro when a
 * schema registry is configured. The Avro decoder is made by the caller's `avroDecoderOf` (an
 * adapter's: this library loads no registry client); without a registry, an Avro record is
 * reported as undecodable rather than misread.
 */
export function createPointsTopicDecoder(config: PointsTopicDecoding, avroDecoderOf: (registryUrl: string) => PointValueDecoder): MessageDecoder {
  const registryUrl = config.SCHEMA_REGISTRY_URL;
  return new MessageDecoder({
    defaultDatabase: config.POINTS_DEFAULT_DATABASE,
    defaultRetentionPolicy: config.POINTS_DEFAULT_RETENTION_POLICY,
    json: async (value) => decodeJsonPoint(value),
    ...(registryUrl === undefined ? {} : { avro: avroDecoderOf(registryUrl) }),
  });
}
