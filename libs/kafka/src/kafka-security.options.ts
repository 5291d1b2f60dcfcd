import { tlsConnectionOptions, type KafkaSasl, type KafkaSecurity } from '@vigil/config';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** kafkajs's `ssl` and `sasl` options for a KafkaSecurity; none for PLAINTEXT. */
export function kafkaSecurityOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { tls, sasl } = security;
  return {
    ...(tls === undefined ? {} : { ssl: tlsConnectionOptions(tls) }),
    ...(sasl === undefined ? {} : { sasl: saslOptions(sasl) }),
  };
}

/** kafkajs types SASL options per mechanism, so each mechanism is spelled out. */
function saslOptions(sasl: KafkaSasl): SASLOptions {
  const credentials = { username: sasl.username, password: sasl.password.reveal() };
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', ...credentials };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', ...credentials };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', ...credentials };
  }
}
