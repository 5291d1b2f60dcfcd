import { loadIngestConfig } from '../config';
import { ingestConfigSections } from './ingest-config-sections';

const SECRETS = ['kafka-sasl-secret', 'token-one', 'token-two', 'registry-pass', 'registry-query-token'];

describe('ingestConfigSections', () => {
  it("shows ingest's configuration in Kapacitor's sections without any secret, marking each as set or not", () => {
    const config = loadIngestConfig({
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'vigil',
      KAFKA_SASL_PASSWORD: 'kafka-sasl-secret',
      AUTH_TOKENS: 'token-one,token-two',
      SCHEMA_REGISTRY_URL: 'http://reader:registry-pass@registry.example.com:8081/apis?token=registry-query-token',
      POINTS_ENCODING: 'json',
    });
    const sections = ingestConfigSections(config);
    const text = JSON.stringify(sections);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(Object.keys(sections.sections)).toEqual(['http', 'kafka', 'topics', 'schema-registry']);
    expect(sections.sections['kafka']?.elements[0]).toMatchObject({
      link: { rel: 'self', href: '/kapacitor/v1/config/kafka/' },
      options: { 'security-protocol': 'SASL_PLAINTEXT', 'sasl-mechanism': 'scram-sha-256', 'sasl-username': 'vigil', 'sasl-password': true, 'ssl-key-password': false },
      redacted: ['sasl-password', 'ssl-key-password'],
    });
    expect(sections.sections['http']?.elements[0]?.options).toMatchObject({ 'auth-tokens': true, 'auth-file': false, 'https-enabled': false });
    expect(sections.sections['schema-registry']?.elements[0]?.options).toEqual({ url: 'http://registry.example.com:8081/apis?[redacted]' });
    expect(sections.sections['topics']?.elements[0]?.options).toMatchObject({ tasks: 'vigil.tasks', templates: 'vigil.templates', 'topic-handlers': 'vigil.topic-handlers', 'topic-deletions': 'vigil.topic-deletions', alerts: 'vigil.alerts', 'points-encoding': 'json' });
  });
});
