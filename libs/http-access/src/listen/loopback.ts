import { isIP } from 'node:net';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (isIP(lower) === 6) return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || lower.startsWith('::ffff:127.');
  return false;
}

/** The host name of a Host header (`example.com:8086`, `[::1]:9100`), lower-cased, without its port. */
export function hostNameOf(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    return end < 0 ? text : text.slice(0, end + 1);
  }
  const colon = text.lastIndexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}
