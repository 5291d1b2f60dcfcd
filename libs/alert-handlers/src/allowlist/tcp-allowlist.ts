import type { TcpConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';
import { portNumber, splitHostPort } from '../handlers/host-port';

/** One tcp.allow entry: a host (lower case) and a port, or any port. */
export interface TcpPermit {
  readonly host: string;
  readonly port: number | '*';
}

/** Parses `host:port` or `host:*`; undefined when the entry is neither. */
export function parseTcpPermit(entry: string): TcpPermit | undefined {
  const parts = splitHostPort(entry);
  if (parts === undefined || parts.host === '') return undefined;
  const port = parts.port === '*' ? '*' : portNumber(parts.port);
  return port === undefined ? undefined : { host: parts.host.toLowerCase(), port };
}

/**
 * Refuses an address the handler configuration does not list under tcp.allow. Hosts compare
 * case-insensitively, as DNS names do; no name is resolved, so `localhost` and `127.0.0.1` are
 * different entries.
 */
export function checkTcpAllowed(host: string, port: number, tcp: TcpConfig | undefined): void {
  const wanted = host.toLowerCase();
  const allowed = (tcp?.allow ?? []).map(parseTcpPermit).some((permit) => permit?.host === wanted && (permit.port === '*' || permit.port === port));
  if (allowed) return;
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  throw new HandlerOptionError(`.tcp('${address}') is not allowed: vigil connects only to addresses listed in the handler configuration; add "${address}" to tcp.allow`);
}
