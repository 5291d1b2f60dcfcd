import { configSectionsOf, safeUrl, type ConfigSections } from '@vigil/kapacitor-api';
import type { IngestConfig } from '../config';

/**
 * Ingest's effective configuration in the shape of Kapacitor's `GET /kapacitor/v1/config`: http
 * (bind address, whether tokens, an auth file or TLS are set), kafka (brokers, client id,
 * security protocol, SASL user; the SASL and key passwords only as whether they are set), the
 * topics it writes and follows, and the schema registry without user info or query. Built from
 * named fields, not by walking the environment, so a variable added later shows nothing until it
 * is placed here on purpose.
 */
export function ingestConfigSections(config: IngestConfig): ConfigSections {
  return configSectionsOf({
    http: [
      {
        options: {
          'bind-address': `${config.HOST}:${config.PORT}`,
          'auth-tokens': { secret: config.AUTH_TOKENS !== '' },
          'auth-file': { secret: config.AUTH_FILE },
          'https-enabled': config.TLS_CERT_FILE !== undefined,
          'max-body-bytes': config.MAX_BODY_BYTES,
        },
      },
    ],
    kafka: [
      {
        options: {
          brokers: config.KAFKA_BROKERS,
          'client-id': config.KAFKA_CLIENT_ID,
          'replication-factor': config.KAFKA_REPLICATION_FACTOR,
          'security-protocol': config.kafkaSecurity.protocol,
          'sasl-mechanism': config.kafkaSecurity.sasl?.mechanism ?? '',
          'sasl-username': config.kafkaSecurity.sasl?.username ?? '',
          'sasl-password': { secret: config.kafkaSecurity.sasl?.password },
          'ssl-key-password': { secret: config.KAFKA_SSL_KEY_PASSWORD ?? config.KAFKA_SSL_KEY_PASSWORD_FILE },
        },
      },
    ],
    topics: [
      {
        options: {
          points: config.POINTS_TOPIC,
          'points-partitions': config.POINTS_PARTITIONS,
          'points-encoding': config.POINTS_ENCODING,
          alerts: config.ALERTS_TOPIC,
          tasks: config.TASKS_TOPIC,
          templates: config.TEMPLATES_TOPIC,
          'topic-handlers': config.TOPIC_HANDLERS_TOPIC,
          'topic-deletions': config.TOPIC_DELETIONS_TOPIC,
          recordings: config.RECORDINGS_TOPIC,
          replays: config.REPLAYS_TOPIC,
        },
      },
    ],
    'schema-registry': [{ options: { url: safeUrl(config.SCHEMA_REGISTRY_URL ?? '') } }],
  });
}
