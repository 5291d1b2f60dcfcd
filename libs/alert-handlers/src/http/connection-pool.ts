import { createRequire } from 'node:module';
import type { SecureContextOptions } from 'node:tls';
import type * as Undici from 'undici';
import type { Agent } from 'undici';

const load = createRequire(__filename);

/**
 * Connections kept per origin. A receiver slower than the notifier's in-flight limit queues
 * requests in the pool instead of getting ever more connections.
 */
export const MAX_SOCKETS_PER_ORIGIN = 64;

/**
 * How long an idle kept-alive connection stays in the pool. Shorter than the usual server
 * keep-alive (Node's 5 s, nginx's 75 s) so that the notifier closes first and does not send a
 * request on a connection the server is closing at that moment; a server announcing a shorter
 * `Keep-Alive: timeout=` is honoured (less a margin), a longer one is not.
 */
export const FREE_SOCKET_TIMEOUT_MS = 4_000;

export interface ConnectionPoolOptions {
  /** Extra trusted certificate authorities for https, added to verification, never replacing it. */
  readonly ca?: SecureContextOptions['ca'];
}

/**
 * The kept-alive connections of every HTTP handler: one undici Agent, whose pools are keyed by
 * origin, so `connections` bounds the connections to each receiver. undici rather than
 * `node:http`'s agent: in a burst to one receiver the HTTP client is most of a delivery's CPU, and
 * undici's costs about 40 % less per request (issue 15). Reusing connections saves a TCP (and
 * TLS) handshake per event, which is most of the cost of a post to a nearby receiver.
 */
export class ConnectionPool {
  private agent: Agent | undefined;

  constructor(private readonly options: ConnectionPoolOptions = {}) {}

  /**
   * undici (about 100 modules) is loaded with the first request, not at start: a `vigil serve`
   * whose tasks post nothing never needs it, and an idle one keeps its memory (docs/standalone.md).
   */
  get dispatcher(): Agent {
    this.agent ??= this.createAgent();
    return this.agent;
  }

  /** Closes the connections and makes the pool refuse further requests; for tests and shutdown. */
  destroy(): void {
    void this.dispatcher.destroy().catch(() => undefined);
  }

  private createAgent(): Agent {
    const { options } = this;
    const { Agent: UndiciAgent } = load('undici') as typeof Undici;
    return new UndiciAgent({
      connections: MAX_SOCKETS_PER_ORIGIN,
      // One request at a time per connection: pipelining to a receiver we do not know is unsafe
      // (a server that closes mid-pipeline loses the requests behind, which are not idempotent).
      pipelining: 1,
      keepAliveTimeout: FREE_SOCKET_TIMEOUT_MS,
      keepAliveMaxTimeout: FREE_SOCKET_TIMEOUT_MS,
      // postRequest bounds the whole exchange with its own timer; these would only cut it earlier.
      headersTimeout: 0,
      bodyTimeout: 0,
      // HTTP/1.1 as before (and as the receivers' tests saw); h2 would change what they get.
      allowH2: false,
      // Certificate verification stays on (rejectUnauthorized defaults to true); Kapacitor's
      // skipSSLVerification is accepted by the post handler but not honoured.
      connect: options.ca !== undefined ? { ca: options.ca } : {},
    });
  }
}

/** The process-wide pool every handler uses unless given another. */
export const sharedConnectionPool = new ConnectionPool();
