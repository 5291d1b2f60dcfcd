import { parseTemplate, type GoTemplate } from '@vigil/go-format';

/**
 * One named endpoint an `|httpPost().endpoint('name')` posts to: Kapacitor's `[[httppost]]`
 * section, which is vigil's post.endpoints of the handler configuration. The host that runs the
 * task hands the endpoints to the engine (createEngineRegistry).
 */
export interface HttpPostEndpoint {
  /** A Go template over the row, as the node's own URL is (`httppost.GetTemplate`). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

export type HttpPostEndpoints = ReadonlyMap<string, HttpPostEndpoint>;

/** Where a node posts: its URL template and what the endpoint adds before the node's own headers. */
export interface HttpPostTarget {
  readonly url: GoTemplate;
  /** The endpoint's headers, then its basic auth, in the order Kapacitor's request gets them. */
  readonly headers: readonly (readonly [string, string])[];
  /** Header values and credentials a log line must never show. */
  readonly secrets: readonly string[];
  /** The endpoint's name, shown instead of its URL (which may hold a token); undefined for a script URL. */
  readonly endpoint?: string;
}

/** The target of an endpoint; throws the template's error when its URL does not parse. */
export function endpointTarget(name: string, endpoint: HttpPostEndpoint): HttpPostTarget {
  const headers: [string, string][] = Object.entries(endpoint.headers ?? {});
  const secrets = headers.map(([, value]) => value);
  const auth = endpoint.basicAuth;
  if (auth && auth.username !== '' && auth.password !== '') {
    // Go's SetBasicAuth, which Kapacitor calls only when both are set (BasicAuth.valid).
    const value = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    headers.push(['Authorization', value]);
    secrets.push(auth.password, value);
  }
  return { url: parseTemplate(endpoint.url, { html: false, name: endpoint.url }), headers, secrets: secrets.filter((secret) => secret !== ''), endpoint: name };
}

/** A log line's text with every secret of the target, and an endpoint's URL, replaced. */
export function redacted(text: string, target: HttpPostTarget, url: string): string {
  let out = target.endpoint !== undefined && url !== '' ? text.replaceAll(url, `<endpoint ${target.endpoint}>`) : text;
  for (const secret of target.secrets) out = out.replaceAll(secret, '<redacted>');
  return out;
}
