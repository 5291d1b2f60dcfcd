import { CertificateFileError } from './tls/server-certificate';
import { accessFromSettings, type ServerAccess } from './server-access';

/** The access variables every service reads (libs/config's httpAccessEnv), once parsed. */
export interface HttpAccessConfig {
  readonly HOST: string;
  readonly AUTH_FILE?: string | undefined;
  readonly INSECURE: boolean;
  readonly METRICS_AUTH: 'open' | 'required';
  readonly TLS_CERT_FILE?: string | undefined;
  readonly TLS_KEY_FILE?: string | undefined;
}

export interface ServiceAccessOptions {
  /** Plain write tokens (ingest's AUTH_TOKENS). */
  readonly writeTokens?: readonly string[];
  /**
   * Whether the service takes points or changes over HTTP, and so must not listen beyond loopback
   * without credentials. The evaluator and notifier serve probes and metrics only.
   */
  readonly takesWrites: boolean;
}

/** A distributed service's access, from its environment; throws with a message for the operator. */
export function serviceAccess(server: string, config: HttpAccessConfig, options: ServiceAccessOptions): ServerAccess {
  const { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } = config;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new CertificateFileError('TLS_CERT_FILE and TLS_KEY_FILE go together: set both or neither');
  return accessFromSettings({
    server,
    host: config.HOST,
    credentialsFile: config.AUTH_FILE,
    writeTokens: options.writeTokens ?? [],
    insecure: config.INSECURE || !options.takesWrites,
    metricsRequireCredentials: config.METRICS_AUTH === 'required',
    tls: certFile === undefined || keyFile === undefined ? undefined : { certFile, keyFile },
    howToConfigure: { credentials: options.writeTokens === undefined ? 'AUTH_FILE' : 'AUTH_FILE or AUTH_TOKENS', insecure: 'INSECURE=true' },
  });
}
