import { createHash } from 'node:crypto';
import type { Credential } from './credentials-file';
import type { Presented } from './presented-credentials';

export type Authentication = { readonly outcome: 'missing' } | { readonly outcome: 'wrong' } | { readonly outcome: 'valid'; readonly credential: Credential };

/** How long a verified secret is trusted without hashing it again; Kapacitor's cache-expiration is 10m too. */
const VERIFIED_TTL_MS = 10 * 60_000;
const VERIFIED_MAX = 1_000;

/**
 * Finds the credential a request presents. A user name that a credential owns is checked against
 * that credential's password; any other user name (InfluxDB writers put anything there) has its
 * password tried as a token, as AUTH_TOKENS always allowed. Passwords are scrypt hashes, which
 * cost tens of milliseconds, and writers send them with every request: a secret that verified is
 * remembered for ten minutes by its SHA-256, never in clear.
 */
export class CredentialStore {
  private readonly byUsername: ReadonlyMap<string, Credential>;
  private readonly tokenHolders: readonly Credential[];
  private readonly verified = new Map<string, { credential: Credential; untilMs: number }>();

  constructor(
    readonly credentials: readonly Credential[],
    private readonly nowMs: () => number = Date.now,
  ) {
    this.byUsername = new Map(credentials.flatMap((credential) => (credential.username === undefined ? [] : [[credential.username, credential] as const])));
    this.tokenHolders = credentials.filter((credential) => credential.token !== undefined);
  }

  get empty(): boolean {
    return this.credentials.length === 0;
  }

  authenticate(presented: Presented | undefined): Authentication {
    if (presented === undefined) return { outcome: 'missing' };
    const key = cacheKey(presented);
    const now = this.nowMs();
    const remembered = this.verified.get(key);
    if (remembered !== undefined && remembered.untilMs > now) return { outcome: 'valid', credential: remembered.credential };
    const credential = this.verify(presented);
    if (credential === undefined) return { outcome: 'wrong' };
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    this.verified.set(key, { credential, untilMs: now + VERIFIED_TTL_MS });
    return { outcome: 'valid', credential };
  }

  private verify(presented: Presented): Credential | undefined {
    if (presented.kind === 'user') {
      const owner = this.byUsername.get(presented.username);
      if (owner !== undefined) return owner.password?.matches(presented.password) ? owner : undefined;
      return this.tokenOwner(presented.password);
    }
    return this.tokenOwner(presented.token);
  }

  /** Tries every token, with no early exit, so the time taken does not say which one came close. */
  private tokenOwner(token: string): Credential | undefined {
    let owner: Credential | undefined;
    for (const credential of this.tokenHolders) {
      if (credential.token?.matches(token) && owner === undefined) owner = credential;
    }
    return owner;
  }
}

function cacheKey(presented: Presented): string {
  const hash = createHash('sha256');
  if (presented.kind === 'token') hash.update('token\0').update(presented.token);
  else hash.update('user\0').update(presented.username).update('\0').update(presented.password);
  return hash.digest('base64');
}
