import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { SecureContextOptions } from 'node:tls';

/**
 * Sockets kept per origin. A receiver slower than the notifier's in-flight limit queues requests
 * inside the agent instead of opening ever more connections to it.
 */
export const MAX_SOCKETS_PER_ORIGIN = 64;

/**
 * How long an idle kept-alive socket stays in the pool. Shorter than the usual server keep-alive
 * (Node's 5 s, nginx's 75 s) so that the notifier closes first and does not send a request on a
 * connection the server is closing at that moment; a server announcing a shorter
 * `Keep-Alive: timeout=` is honoured by Node's agent.
 */
export const FREE_SOCKET_TIMEOUT_MS = 4_000;

export interface ConnectionPoolOptions {
  /** Extra trusted certificate authorities for https, added to verification, never replacing it. */
  readonly ca?: SecureContextOptions['ca'];
}

/**
 * The kept-alive connections of every HTTP handler: one agent per scheme, whose socket pools are
 * keyed by origin (host and port), so `maxSockets` bounds the connections to each receiver.
 * Reusing connections saves a TCP (and TLS) handshake per event, which is most of the cost of a
 * post to a nearby receiver.
 */
export class ConnectionPool {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;

  constructor(options: ConnectionPoolOptions = {}) {
    // LIFO hands out the most recently used socket, so a burst's spare sockets age out together
    // instead of each being kept barely alive by round-robin use.
    const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' } as const;
    this.http = new HttpAgent(agentOptions);
    // Certificate verification stays on (rejectUnauthorized defaults to true); Kapacitor's
    // skipSSLVerification is accepted by the post handler but not honoured.
    this.https = new HttpsAgent({ ...agentOptions, ...(options.ca !== undefined ? { ca: options.ca } : {}) });
  }

  /** Closes idle sockets and makes the agents refuse to keep more; for tests and shutdown. */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** The process-wide pool every handler uses unless given another. */
export const sharedConnectionPool = new ConnectionPool();
