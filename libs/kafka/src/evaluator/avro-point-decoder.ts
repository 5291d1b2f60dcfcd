import type { Point } from '@vigil/core';
import { createSchemaRegistry } from '../codec/avro-point.codec';
import { PointDecodeError } from '../codec/point-codec';
import { pointFromAvro, type AvroPoint } from '../codec/point.avro-schema';

/**
 * Decodes registry-framed Avro points without registering anything: a reader needs only the
 * writer's schema, which the registry serves by the id in each message. (AvroPointCodec.create
 * registers the schema, which writers need; evaluators starting together with writers would
 * otherwise race each other to configure a new subject.)
 */
export function avroPointDecoder(registryUrl: string): (value: Buffer) => Promise<Point> {
  const registry = createSchemaRegistry(registryUrl);
  return async (value) => {
    if (value.length < 5 || value[0] !== 0) throw new PointDecodeError('not a schema-registry Avro message (no magic byte 0 and schema id)');
    let record: AvroPoint;
    try {
      record = (await registry.decode(value)) as AvroPoint;
    } catch (error) {
      throw new PointDecodeError(`undecodable Avro point: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return pointFromAvro(record);
  };
}
