/** The secret a request presents, in the forms InfluxDB and Kapacitor clients use. */
export type Presented =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'user'; readonly username: string; readonly password: string };

export interface RequestCredentials {
  readonly authorization?: string | undefined;
  /** InfluxDB 1.x and Kapacitor query parameters `u` and `p`. */
  readonly user?: string | undefined;
  readonly password?: string | undefined;
}

/**
 * Reads what a request presents: `Authorization: Bearer <t>` (Kapacitor's CLI with a token,
 * Prometheus), `Token <t>` (InfluxDB 2.x clients, Telegraf), `Basic base64(user:password)`
 * (Kapacitor's CLI with `-url http://user:pw@host`, InfluxDB 1.x clients), or `?u=&p=`
 * (InfluxDB subscriptions). Undefined when it presents nothing usable.
 */
export function presentedCredentials(request: RequestCredentials): Presented | undefined {
  const header = request.authorization?.trim();
  if (header) {
    const space = header.indexOf(' ');
    if (space < 0) return undefined;
    const scheme = header.slice(0, space).toLowerCase();
    const rest = header.slice(space + 1).trim();
    if ((scheme === 'bearer' || scheme === 'token') && rest !== '') return { kind: 'token', token: rest };
    if (scheme === 'basic') {
      const decoded = Buffer.from(rest, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      return userOrToken(decoded.slice(0, colon), decoded.slice(colon + 1));
    }
    return undefined;
  }
  if (request.password !== undefined && request.password !== '') return userOrToken(request.user ?? '', request.password);
  return undefined;
}

function userOrToken(username: string, password: string): Presented | undefined {
  if (password === '') return undefined;
  return { kind: 'user', username, password };
}
