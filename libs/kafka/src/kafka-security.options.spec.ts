import { PLAINTEXT_KAFKA, Secret } from '@vigil/config';
import { kafkaSecurityOptions } from './kafka-security.options';

describe('kafkaSecurityOptions', () => {
  it('adds nothing for PLAINTEXT', () => {
    expect(kafkaSecurityOptions(PLAINTEXT_KAFKA)).toEqual({});
  });

  it('gives SASL credentials and verified TLS with the CA and client certificate for SASL_SSL', () => {
    const options = kafkaSecurityOptions({
      protocol: 'SASL_SSL',
      tls: { ca: 'CA', client: { cert: 'CERT', key: new Secret('KEY'), keyPassword: new Secret('PASS') } },
      sasl: { mechanism: 'scram-sha-512', username: 'vigil', password: new Secret('pw') },
    });
    expect(options).toEqual({
      ssl: { rejectUnauthorized: true, ca: 'CA', cert: 'CERT', key: 'KEY', passphrase: 'PASS' },
      sasl: { mechanism: 'scram-sha-512', username: 'vigil', password: 'pw' },
    });
  });

  it('trusts the system CAs when SSL comes without files', () => {
    expect(kafkaSecurityOptions({ protocol: 'SSL', tls: { ca: undefined, client: undefined }, sasl: undefined })).toEqual({ ssl: { rejectUnauthorized: true } });
  });
});
