import type { Logger } from '@vigil/observability';
import { CredentialStore } from './credentials/credential-store';
import { readCredentialsFile, type Credential } from './credentials/credentials-file';
import { hashSecret, parseSecretHash } from './credentials/secret-hash';
import type { AccessPolicy } from './guard/request-guard';
import { checkListenPolicy } from './listen/listen-policy';
import { isLoopbackHost } from './listen/loopback';
import { CertificateReloader, type SecureServer } from './tls/certificate-reloader';
import { readCertificatePair, type CertificateFiles, type CertificatePair } from './tls/server-certificate';

/** What a server's configuration says about access, whichever way it was given (flags, variables). */
export interface AccessSettings {
  /** `vigil serve`, `ingest`: used in messages. */
  readonly server: string;
  readonly host: string;
  readonly credentialsFile?: string | undefined;
  /** Plain tokens that may only write points (ingest's AUTH_TOKENS, kept for existing deployments). */
  readonly writeTokens?: readonly string[];
  readonly insecure: boolean;
  readonly metricsRequireCredentials: boolean;
  readonly tls?: CertificateFiles | undefined;
  /** How this server's user sets credentials and the insecure flag, for the refusal message. */
  readonly howToConfigure: { readonly credentials: string; readonly insecure: string };
}

/** Everything a server needs to guard itself, read and checked before it listens. */
export interface ServerAccess {
  readonly policy: AccessPolicy;
  /** The certificate pair for Fastify's `https` option, when TLS is configured. */
  readonly certificate: CertificatePair | undefined;
  /** Starts reloading the certificate of the app's HTTP server when its files change (no-op without TLS). */
  watchCertificate(server: unknown, logger: Logger, intervalMs?: number): CertificateReloader | undefined;
}

const RELOAD_INTERVAL_MS = 60_000;

/**
 * Reads the credentials and certificate a server was configured with and applies the listen
 * rule: it throws CredentialsFileError, CertificateFileError or InsecureListenError, each with a
 * message for the operator, so a bad setting stops the server before it listens.
 */
export function accessFromSettings(settings: AccessSettings): ServerAccess {
  const credentials: Credential[] = settings.credentialsFile === undefined ? [] : readCredentialsFile(settings.credentialsFile);
  credentials.push(...(settings.writeTokens ?? []).map((token, index) => writeTokenCredential(token, index)));
  const store = new CredentialStore(credentials);
  checkListenPolicy({ server: settings.server, host: settings.host, credentialsConfigured: !store.empty, insecure: settings.insecure, howToConfigure: settings.howToConfigure });
  const certificate = settings.tls === undefined ? undefined : readCertificatePair(settings.tls);
  const files = settings.tls;
  return {
    policy: { store, metricsRequireCredentials: settings.metricsRequireCredentials, loopbackOnly: isLoopbackHost(settings.host) },
    certificate,
    watchCertificate: (server, logger, intervalMs = RELOAD_INTERVAL_MS) => {
      if (files === undefined || certificate === undefined || !isSecureServer(server)) return undefined;
      const reloader = new CertificateReloader(files, server, logger, certificate);
      reloader.start(intervalMs);
      return reloader;
    },
  };
}

/** A plain write token as a credential; hashed here so no clear secret stays in the store. */
function writeTokenCredential(token: string, index: number): Credential {
  return { name: `AUTH_TOKENS#${index + 1}`, token: parseSecretHash(hashSecret(token, 'sha256')), permissions: new Set(['write-points']) };
}

/** With a certificate, Fastify made an https server, which has setSecureContext. */
function isSecureServer(server: unknown): server is SecureServer {
  return typeof (server as Partial<SecureServer> | null)?.setSecureContext === 'function';
}
