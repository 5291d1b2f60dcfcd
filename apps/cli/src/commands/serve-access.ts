import { accessFromSettings, CertificateFileError, CredentialsFileError, InsecureListenError, type ServerAccess } from '@vigil/http-access';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args/parse-args';

/** The serve options about access; each also reads a VIGIL_* variable, and a flag wins over its variable. */
export const SERVE_ACCESS_OPTIONS: readonly OptionSpec[] = [
  { name: 'auth-file', takesValue: true, description: 'credentials file (hashed secrets, permissions; docs/security.md); env VIGIL_AUTH_FILE' },
  { name: 'insecure', takesValue: false, description: 'listen beyond loopback without credentials; env VIGIL_INSECURE=true' },
  { name: 'metrics-auth', takesValue: true, description: 'open (default) or required: /metrics needs read-metrics; env VIGIL_METRICS_AUTH' },
  { name: 'tls-cert', takesValue: true, description: 'PEM certificate chain: serve HTTPS (with --tls-key); env VIGIL_TLS_CERT_FILE' },
  { name: 'tls-key', takesValue: true, description: 'PEM private key of --tls-cert; env VIGIL_TLS_KEY_FILE' },
];

/**
 * Reads the access options of `vigil serve` and checks them against the listen address: a bad
 * credentials file, a missing certificate, or a non-loopback host without credentials and without
 * --insecure is a UsageError that says what to do.
 */
export function serveAccess(args: ParsedArgs, host: string, env: NodeJS.ProcessEnv): ServerAccess {
  const credentialsFile = stringOption(args, 'auth-file') ?? nonEmpty(env['VIGIL_AUTH_FILE']);
  const insecure = args.options.get('insecure') === true || booleanVariable(env, 'VIGIL_INSECURE');
  const metricsAuth = stringOption(args, 'metrics-auth') ?? nonEmpty(env['VIGIL_METRICS_AUTH']) ?? 'open';
  if (metricsAuth !== 'open' && metricsAuth !== 'required') throw new UsageError(`--metrics-auth ${metricsAuth}: expected open or required`);
  const certFile = stringOption(args, 'tls-cert') ?? nonEmpty(env['VIGIL_TLS_CERT_FILE']);
  const keyFile = stringOption(args, 'tls-key') ?? nonEmpty(env['VIGIL_TLS_KEY_FILE']);
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  try {
    return accessFromSettings({
      server: 'vigil serve',
      host,
      credentialsFile,
      insecure,
      metricsRequireCredentials: metricsAuth === 'required',
      tls: certFile === undefined || keyFile === undefined ? undefined : { certFile, keyFile },
      howToConfigure: { credentials: '--auth-file FILE', insecure: '--insecure' },
    });
  } catch (error) {
    if (error instanceof CredentialsFileError || error instanceof CertificateFileError || error instanceof InsecureListenError) throw new UsageError(error.message);
    throw error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function booleanVariable(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = nonEmpty(env[name]);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new UsageError(`${name}=${value}: expected true or false`);
}
