import { Unsigned, type Point } from '@vigil/core';
// Test-only import: the boundary rule has no test-file exception for type:testing yet.
import { schemaRegistryUrl, uniqueName } from '@vigil/testing';
import { AvroPointCodec, createSchemaRegistry } from './avro-point.codec';
import { PointDecodeError } from './point-codec';

const registryUrl = schemaRegistryUrl();

if (registryUrl === undefined) {
  console.warn('avro-point.codec.int-spec: SCHEMA_REGISTRY_URL is not set; skipping the schema registry tests');
}

describe.skipIf(registryUrl === undefined)('AvroPointCodec against a real schema registry', () => {
  const url = registryUrl ?? '';
  const point: Point = {
    database: 'telegraf',
    retentionPolicy: 'autogen',
    name: 'provider_health',
    tags: { provider: 'acme', region: 'eu-west-1' },
    fields: { errors: 12n, ratio: 0.25, status: 'degraded', up: false, big: new Unsigned(2n ** 64n - 1n) },
    time: 1_700_000_000_123_456_789n,
  };

  it('registers the schema, encodes in the Confluent wire format and decodes back', async () => {
    const subject = `${uniqueName('vigil.test.avro')}-value`;
    const codec = await AvroPointCodec.create({ registryUrl: url, subject });
    const encoded = await codec.encode(point);
    expect(encoded[0]).toBe(0);
    expect(encoded.readUInt32BE(1)).toBe(codec.schemaId);
    expect(await codec.decode(encoded)).toEqual(point);
    // The registry now knows the subject, and its latest version is the schema we registered.
    expect(await createSchemaRegistry(url).getLatestSchemaId(subject)).toBe(codec.schemaId);
  });

  it('registers idempotently: a second codec for the subject gets the same schema id', async () => {
    const subject = `${uniqueName('vigil.test.avro')}-value`;
    const first = await AvroPointCodec.create({ registryUrl: url, subject });
    const second = await AvroPointCodec.create({ registryUrl: url, subject });
    expect(second.schemaId).toBe(first.schemaId);
    expect(await second.decode(await first.encode(point))).toEqual(point);
  });

  it('rejects a value that is not a registry-framed Avro message', async () => {
    const codec = await AvroPointCodec.create({ registryUrl: url, subject: `${uniqueName('vigil.test.avro')}-value` });
    await expect(codec.decode(Buffer.from('{"name":"m"}'))).rejects.toThrow(PointDecodeError);
  });
});
