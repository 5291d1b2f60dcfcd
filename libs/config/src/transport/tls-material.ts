import type { ConnectionOptions } from 'node:tls';
import type { ConfigIssue } from '../config-error';
import type { CertificateFile } from './file-fields';
import type { Secret } from './secret';

/**
 * What a TLS client needs beyond the system's trust store: a CA bundle for a private CA, and a
 * client certificate with its key when the server asks for one (mutual TLS).
 */
export interface TlsMaterial {
  /** PEM CA certificates that replace the system's trust store; undefined trusts the system's. */
  readonly ca: string | undefined;
  readonly client: ClientCertificate | undefined;
}

export interface ClientCertificate {
  readonly cert: string;
  readonly key: Secret;
  /** The passphrase of an encrypted key. */
  readonly keyPassword: Secret | undefined;
}

/** The variable names of one TLS client's files (Kafka's or Redis's). */
export interface TlsVariableNames {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export interface TlsFiles {
  readonly ca: CertificateFile | undefined;
  readonly cert: CertificateFile | undefined;
  readonly key: Secret | undefined;
  readonly keyPassword?: Secret | undefined;
}

/** The TLS material, or the issues when a certificate comes without its key or the other way round. */
export function tlsMaterialOf(files: TlsFiles, names: TlsVariableNames, issues: ConfigIssue[]): TlsMaterial {
  if (files.cert !== undefined && files.key === undefined) {
    issues.push({ variable: names.key, reason: `${names.cert} is set: a client certificate needs its private key in ${names.key}` });
  }
  if (files.key !== undefined && files.cert === undefined) {
    issues.push({ variable: names.cert, reason: `${names.key} is set: a private key needs its client certificate in ${names.cert}` });
  }
  const client = files.cert !== undefined && files.key !== undefined ? { cert: files.cert.pem, key: files.key, keyPassword: files.keyPassword } : undefined;
  return { ca: files.ca?.pem, client };
}

/** Whether any of the files was given, for "TLS settings without TLS" checks. */
export function anyTlsFile(files: TlsFiles): boolean {
  return files.ca !== undefined || files.cert !== undefined || files.key !== undefined;
}

/**
 * The one secret a pair of variables (`X` and `X_FILE`) gives, or an issue when both are set: which
 * of the two should win is a guess vigil does not make.
 */
export function oneSecretOf(inline: Secret | undefined, file: Secret | undefined, names: { inline: string; file: string }, issues: ConfigIssue[]): Secret | undefined {
  if (inline !== undefined && file !== undefined) {
    issues.push({ variable: names.file, reason: `set either ${names.inline} or ${names.file}, not both` });
    return undefined;
  }
  return inline ?? file;
}

/**
 * Node's TLS client options for the material, as both the Kafka and the Redis client take them.
 * Certificates are always verified (Node's default, stated so that no later edit loses it); a CA
 * bundle replaces the system's trust store, as `ssl.truststore.location` does for Kafka's Java
 * client. This is the only place the key and its passphrase are revealed.
 */
export function tlsConnectionOptions(tls: TlsMaterial): ConnectionOptions {
  const client = tls.client;
  return {
    rejectUnauthorized: true,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(client === undefined ? {} : { cert: client.cert, key: client.key.reveal() }),
    ...(client?.keyPassword === undefined ? {} : { passphrase: client.keyPassword.reveal() }),
  };
}
