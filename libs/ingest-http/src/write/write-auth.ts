/** What the credentials of a request amount to. */
export type AuthOutcome = 'allowed' | 'missing' | 'wrong';

export interface Credentials {
  readonly authorization?: string;
  /** InfluxDB 1.x query parameters `u` and `p`. */
  readonly user?: string;
  readonly password?: string;
}

/**
 * Checks a write against AUTH_TOKENS. InfluxDB clients present a secret in several ways and all
 * are accepted: `Authorization: Token <t>` (2.x clients, Telegraf), `Authorization: Bearer <t>`,
 * `Authorization: Basic base64(user:t)` and `?u=user&p=t` (1.x clients, subscriptions); the
 * user name is not checked, only the password is a token. No tokens configured allows all.
 */
export function checkCredentials(tokens: ReadonlySet<string>, credentials: Credentials): AuthOutcome {
  if (tokens.size === 0) return 'allowed';
  const presented = presentedSecret(credentials);
  if (presented === undefined) return 'missing';
  return tokens.has(presented) ? 'allowed' : 'wrong';
}

function presentedSecret(credentials: Credentials): string | undefined {
  const header = credentials.authorization?.trim();
  if (header) {
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'token' || scheme === 'bearer') return rest;
    if (scheme === 'basic') {
      const decoded = Buffer.from(rest, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.slice(colon + 1);
    }
    return rest === '' ? header : rest;
  }
  if (credentials.password !== undefined && credentials.password !== '') return credentials.password;
  return undefined;
}

/** AUTH_TOKENS as a set; blanks between commas are ignored. */
export function parseAuthTokens(spec: string): ReadonlySet<string> {
  return new Set(
    spec
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token !== ''),
  );
}
