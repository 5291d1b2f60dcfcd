import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Point } from '@vigil/core';
import { bigintLongHook } from './bigint-long.type';
import { POINT_AVRO_SCHEMA, pointFromAvro, pointToAvro, type AvroPoint } from './point.avro-schema';
import { PointDecodeError, type PointCodec } from './point-codec';

export interface AvroPointCodecOptions {
  /** Base URL of a Confluent-compatible registry, e.g. Apicurio's `.../apis/ccompat/v7`. */
  readonly registryUrl: string;
  /** Subject to register the schema under; by Confluent's convention `<topic>-value`. */
  readonly subject: string;
}

/** The avsc options every schema of this registry client is compiled with. */
const AVRO_OPTIONS = { [SchemaType.AVRO]: { typeHook: bigintLongHook, wrapUnions: true as const } };

/**
 * Points in Confluent's wire format (magic byte 0, 4-byte schema id, Avro body), with the schema
 * kept in a registry so other Kafka tools can read the topic. Decoding looks the writer's schema
 * up by the id in the message, so messages written with an older schema version still decode.
 */
export class AvroPointCodec implements PointCodec {
  readonly format = 'avro';

  private constructor(
    private readonly registry: SchemaRegistry,
    /** Registry id of the schema new messages are written with. */
    readonly schemaId: number,
  ) {}

  /** Registers the point schema under the subject (a no-op if it is there already). */
  static async create(options: AvroPointCodecOptions): Promise<AvroPointCodec> {
    const registry = createSchemaRegistry(options.registryUrl);
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(POINT_AVRO_SCHEMA) },
      { subject: options.subject },
    );
    return new AvroPointCodec(registry, id);
  }

  encode(point: Point): Promise<Buffer> {
    return this.registry.encode(this.schemaId, pointToAvro(point));
  }

  async decode(value: Buffer): Promise<Point> {
    if (value.length < 5 || value[0] !== 0) {
      throw new PointDecodeError('not a schema-registry Avro message (no magic byte 0 and schema id)');
    }
    let record: AvroPoint;
    try {
      record = (await this.registry.decode(value)) as AvroPoint;
    } catch (error) {
      throw new PointDecodeError(`undecodable Avro point: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    return pointFromAvro(record);
  }
}

export function createSchemaRegistry(registryUrl: string): SchemaRegistry {
  return new SchemaRegistry({ host: registryUrl.replace(/\/+$/, ''), clientId: 'vigil' }, AVRO_OPTIONS);
}
