import { serviceAccess, type ServerAccess } from '@vigil/http-access';
import type { IngestConfig } from './config';

/**
 * Who may write and read what on ingest: AUTH_FILE's credentials plus AUTH_TOKENS as write-only
 * tokens. Ingest takes writes, so it refuses to listen beyond loopback with neither, unless
 * INSECURE=true.
 */
export function ingestAccess(config: IngestConfig): ServerAccess {
  return serviceAccess('ingest', config, { writeTokens: splitTokens(config.AUTH_TOKENS), takesWrites: true });
}

/** AUTH_TOKENS as a list; blanks between commas are ignored. */
function splitTokens(spec: string | undefined): string[] {
  return (spec ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
}
