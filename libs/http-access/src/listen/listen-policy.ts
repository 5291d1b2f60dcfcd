import { isLoopbackHost } from './loopback';

/** A server that would be reachable beyond this machine with nothing guarding it. */
export class InsecureListenError extends Error {
  override readonly name = 'InsecureListenError';
}

export interface ListenPolicyInput {
  /** What the server calls itself in the message: `vigil serve`, `ingest`. */
  readonly server: string;
  readonly host: string;
  readonly credentialsConfigured: boolean;
  readonly insecure: boolean;
  /** How the user configures credentials and insecure mode in this server: flags or variables. */
  readonly howToConfigure: { readonly credentials: string; readonly insecure: string };
}

/**
 * Refuses to listen beyond loopback without credentials unless told to. Such a server takes task
 * definitions (whose handlers run programs and open connections) or points from anyone who can
 * reach the port; that must be a decision someone wrote down, not a default.
 */
export function checkListenPolicy(input: ListenPolicyInput): void {
  if (input.credentialsConfigured || input.insecure || isLoopbackHost(input.host)) return;
  throw new InsecureListenError(
    `${input.server} will not listen on ${input.host} without credentials: anyone who can reach it could write points` +
      ` and change what it runs. Configure credentials (${input.howToConfigure.credentials}; docs/security.md),` +
      ` listen on 127.0.0.1, or accept the risk with ${input.howToConfigure.insecure}.`,
  );
}
