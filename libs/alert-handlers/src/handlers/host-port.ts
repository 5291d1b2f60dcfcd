/**
 * Splits `host:port` at the last colon; a bracketed IPv6 host loses its brackets. The port is
 * returned as written, so callers decide what a port may be (a number, or `*` in an allowlist).
 * Undefined when there is no host before the colon.
 */
export function splitHostPort(address: string): { host: string; port: string } | undefined {
  const colon = address.lastIndexOf(':');
  if (colon <= 0) return undefined;
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: address.slice(colon + 1) };
}

/** A TCP port number 1-65535 written in decimal, or undefined. */
export function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}
