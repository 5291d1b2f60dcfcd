import { enumVar, intVar } from './env-fields';
import { z } from 'zod';

/** An optional path to a file; absent means "not configured". */
function optionalPathVar() {
  return z.string().trim().min(1).optional();
}

/**
 * Who may call a service's HTTP routes and over what: every service reads these (docs/security.md).
 * Ingest refuses to listen beyond loopback without credentials unless INSECURE is true; the
 * evaluator and notifier serve only probes and metrics.
 */
export function httpAccessEnv() {
  return {
    /** JSON credentials file (hashed secrets and permissions); usually a mounted Secret. */
    AUTH_FILE: optionalPathVar(),
    /** Listen beyond loopback without credentials. */
    INSECURE: enumVar(['false', 'true'], 'false').transform((word) => word === 'true'),
    /** `open`: /metrics for anyone who reaches the port; `required`: the read-metrics permission. */
    METRICS_AUTH: enumVar(['open', 'required'], 'open'),
    /** PEM certificate chain and private key: HTTPS instead of HTTP when both are set. */
    TLS_CERT_FILE: optionalPathVar(),
    TLS_KEY_FILE: optionalPathVar(),
    /** How often the certificate files are read again to pick up a renewed certificate. */
    TLS_RELOAD_INTERVAL_MS: intVar(60_000, { min: 1_000, max: 86_400_000 }),
  };
}
