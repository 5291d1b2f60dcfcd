// `npm run infra -- check registry`: registers an Avro schema through the Confluent-compatible API
// with @kafkajs/confluent-schema-registry, encodes a record and decodes it again.
import registryPackage from '@kafkajs/confluent-schema-registry';
import { randomBytes } from 'node:crypto';

const { SchemaRegistry, SchemaType } = registryPackage;
// SCHEMA_REGISTRY_URL names the Confluent-compatible API; a bare origin gets Apicurio's path.
const given = new URL(process.argv[2] ?? 'http://127.0.0.1:8081/apis/ccompat/v7');
const host = given.pathname === '/' ? `${given.origin}/apis/ccompat/v7` : given.href.replace(/\/+$/, '');
const subject = `vigil-infra-check-${randomBytes(4).toString('hex')}-value`;
const schema = JSON.stringify({
  type: 'record',
  name: 'Check',
  namespace: 'vigil.infra',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'value', type: 'double' },
  ],
});
try {
  const registry = new SchemaRegistry({ host });
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
  const record = { name: 'cpu', value: 0.5 };
  const decoded = await registry.decode(await registry.encode(id, record));
  if (decoded.name !== record.name || decoded.value !== record.value) throw new Error(`decoded ${JSON.stringify(decoded)}`);
  const latest = await registry.getLatestSchemaId(subject);
  if (latest !== id) throw new Error(`latest id ${latest}, registered ${id}`);
  console.log(`registry check: ok (schema id ${id} under ${subject} at ${host})`);
} catch (error) {
  console.error(`registry check: ${error.message}`);
  process.exitCode = 1;
}
