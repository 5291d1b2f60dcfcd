import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '../config-error';
import { parseEnv } from '../parse-env';
import { serviceEnv } from '../service-env';
import { withTransportSecurity } from './transport-security';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nkey-material-that-is-secret\n-----END PRIVATE KEY-----\n';
/** Every secret the cases use: none may appear in an error message. */
const SECRETS = ['kafka-pass-inline', 'kafka-pass-file', 'redis-pass-inline', 'redis-pass-file', 'key-material-that-is-secret', 'key-pass'];

let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-transport-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(env: Record<string, string>) {
  return withTransportSecurity('notifier', parseEnv('notifier', serviceEnv({ port: 1, clientId: 'c' }), env));
}

/** The variables a ConfigError names, after checking that its message quotes no secret. */
function issuesOf(env: Record<string, string>): Record<string, string> {
  try {
    load(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
    return Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.reason]));
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka security variables', () => {
  it('default to PLAINTEXT without TLS or SASL', () => {
    expect(load({}).kafkaSecurity).toEqual({ protocol: 'PLAINTEXT', tls: undefined, sasl: undefined });
  });

  it.each([
    ['plain', 'plain'],
    ['PLAIN', 'plain'],
    ['scram-sha-256', 'scram-sha-256'],
    ['SCRAM-SHA-512', 'scram-sha-512'],
  ])('accept the SASL mechanism %s as %s', (given, mechanism) => {
    const { kafkaSecurity } = load({ KAFKA_SECURITY_PROTOCOL: 'sasl_ssl', KAFKA_SASL_MECHANISM: given, KAFKA_SASL_USERNAME: 'vigil', KAFKA_SASL_PASSWORD: 'kafka-pass-inline' });
    expect(kafkaSecurity.protocol).toBe('SASL_SSL');
    expect(kafkaSecurity.sasl?.mechanism).toBe(mechanism);
    expect(kafkaSecurity.sasl?.username).toBe('vigil');
    expect(kafkaSecurity.sasl?.password.reveal()).toBe('kafka-pass-inline');
    // SASL_SSL without a CA file trusts the system's CAs (managed Kafka's public certificates).
    expect(kafkaSecurity.tls).toEqual({ ca: undefined, client: undefined });
  });

  it('read the SASL password from a file, without its trailing newline', () => {
    const path = file('kafka-password', 'kafka-pass-file\n');
    const { kafkaSecurity } = load({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: path });
    expect(kafkaSecurity.sasl?.password.reveal()).toBe('kafka-pass-file');
    expect(kafkaSecurity.tls).toBeUndefined();
  });

  it('read the CA, the client certificate, its key and the key password for SSL', () => {
    const env = {
      KAFKA_SECURITY_PROTOCOL: 'SSL',
      KAFKA_SSL_CA_FILE: file('ca.pem', CERT),
      KAFKA_SSL_CERT_FILE: file('client.pem', CERT),
      KAFKA_SSL_KEY_FILE: file('client.key', KEY),
      KAFKA_SSL_KEY_PASSWORD_FILE: file('key-password', 'key-pass'),
    };
    const { kafkaSecurity } = load(env);
    expect(kafkaSecurity.sasl).toBeUndefined();
    expect(kafkaSecurity.tls?.ca).toBe(CERT);
    expect(kafkaSecurity.tls?.client?.cert).toBe(CERT);
    expect(kafkaSecurity.tls?.client?.key.reveal()).toBe(KEY);
    expect(kafkaSecurity.tls?.client?.keyPassword?.reveal()).toBe('key-pass');
  });

  it('never print a secret of the parsed configuration', () => {
    const config = load({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'kafka-pass-inline', KAFKA_SSL_CERT_FILE: file('c.pem', CERT), KAFKA_SSL_KEY_FILE: file('c.key', KEY) });
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 10 })]) {
      for (const secret of SECRETS) expect(printed).not.toContain(secret);
    }
  });

  it('refuse SASL settings without a SASL protocol, naming the variables', () => {
    const issues = issuesOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'kafka-pass-inline' });
    expect(issues['KAFKA_SECURITY_PROTOCOL']).toMatch(/is SSL, but KAFKA_SASL_\* is set/);
  });

  it('refuse SSL files with a protocol without TLS', () => {
    expect(issuesOf({ KAFKA_SSL_CA_FILE: file('ca2.pem', CERT) })['KAFKA_SECURITY_PROTOCOL']).toMatch(/is PLAINTEXT, but KAFKA_SSL_\* files are set/);
  });

  it('name each missing SASL setting', () => {
    expect(Object.keys(issuesOf({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' })).sort()).toEqual(['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME']);
  });

  it('refuse a password given both inline and as a file', () => {
    const issues = issuesOf({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'kafka-pass-inline', KAFKA_SASL_PASSWORD_FILE: file('p', 'kafka-pass-file') });
    expect(issues).toEqual({ KAFKA_SASL_PASSWORD_FILE: 'set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both' });
  });

  it('refuse a certificate without its key and a key without its certificate', () => {
    expect(issuesOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: file('c2.pem', CERT) })).toEqual({ KAFKA_SSL_KEY_FILE: expect.stringMatching(/needs its private key/) });
    expect(issuesOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_KEY_FILE: file('k2.key', KEY) })).toEqual({ KAFKA_SSL_CERT_FILE: expect.stringMatching(/needs its client certificate/) });
  });

  it('refuse unknown protocols and mechanisms, missing files and files of the wrong kind', () => {
    const issues = issuesOf({
      KAFKA_SECURITY_PROTOCOL: 'TLS',
      KAFKA_SASL_MECHANISM: 'gssapi',
      KAFKA_SASL_PASSWORD_FILE: join(dir, 'absent'),
      KAFKA_SSL_CA_FILE: file('not-a-cert.pem', KEY),
      KAFKA_SSL_KEY_FILE: file('not-a-key.pem', CERT),
    });
    expect(issues['KAFKA_SECURITY_PROTOCOL']).toMatch(/expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL/);
    expect(issues['KAFKA_SASL_MECHANISM']).toMatch(/expected one of plain, scram-sha-256, scram-sha-512/);
    expect(issues['KAFKA_SASL_PASSWORD_FILE']).toMatch(/cannot read .*absent \(ENOENT\)/);
    expect(issues['KAFKA_SSL_CA_FILE']).toMatch(/holds no PEM certificate/);
    expect(issues['KAFKA_SSL_KEY_FILE']).toMatch(/holds no PEM private key/);
  });
});

describe('Redis security variables', () => {
  it('leave everything to the URL by default', () => {
    expect(load({}).redisSecurity).toEqual({ tls: undefined, username: undefined, password: undefined });
  });

  it('give an ACL user, its password from a file, and TLS files with a rediss URL', () => {
    const { redisSecurity } = load({
      REDIS_URL: 'rediss://redis.internal:6380',
      REDIS_USERNAME: 'vigil',
      REDIS_PASSWORD_FILE: file('redis-password', 'redis-pass-file\n'),
      REDIS_TLS_CA_FILE: file('redis-ca.pem', CERT),
      REDIS_TLS_CERT_FILE: file('redis-client.pem', CERT),
      REDIS_TLS_KEY_FILE: file('redis-client.key', KEY),
    });
    expect(redisSecurity.username).toBe('vigil');
    expect(redisSecurity.password?.reveal()).toBe('redis-pass-file');
    expect(redisSecurity.tls?.ca).toBe(CERT);
    expect(redisSecurity.tls?.client?.key.reveal()).toBe(KEY);
  });

  it('give a password alone for the default user', () => {
    expect(load({ REDIS_PASSWORD: 'redis-pass-inline' }).redisSecurity.password?.reveal()).toBe('redis-pass-inline');
  });

  it('refuse TLS files with a redis URL', () => {
    expect(issuesOf({ REDIS_TLS_CA_FILE: file('r-ca.pem', CERT) })['REDIS_URL']).toMatch(/use rediss:\/\//);
  });

  it('refuse credentials both in the URL and in variables, without quoting either', () => {
    expect(issuesOf({ REDIS_URL: 'redis://u:redis-pass-inline@h:6379', REDIS_PASSWORD: 'redis-pass-file' })['REDIS_URL']).toMatch(/credentials in one place/);
  });

  it('refuse a user without a password, and a certificate without its key', () => {
    const issues = issuesOf({ REDIS_URL: 'rediss://h:6380', REDIS_USERNAME: 'vigil', REDIS_TLS_CERT_FILE: file('r-client.pem', CERT) });
    expect(Object.keys(issues).sort()).toEqual(['REDIS_PASSWORD', 'REDIS_TLS_KEY_FILE']);
  });
});
