import type { PostConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';

/** The origin (scheme, host, port) of an absolute URL, normalised as WHATWG URL does; undefined when it has none. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The origin a script's URL posts to, whatever its templates render: the whole URL's when it has
 * no template, otherwise the fixed text before the first `{{` must already end its authority
 * with `/`, `?` or `#`. Undefined when a template could change the host.
 */
function fixedOriginOf(url: string): string | undefined {
  const templateAt = url.indexOf('{{');
  if (templateAt < 0) return originOf(url);
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*[/?#\\]/i.exec(url.slice(0, templateAt));
  return authority ? originOf(authority[0]) : undefined;
}

/**
 * Refuses a handler URL written in a script (`.teams().channelURL()`, `.serviceNow().url()`) whose
 * origin post.allowedOrigins does not list, when that list is set: such a URL posts wherever it
 * says, as `.post()` does. `instead` names the configuration setting to use rather than the script.
 */
export function checkScriptUrlOrigin(what: string, url: string, post: PostConfig | undefined, instead: string): void {
  const allowed = post?.allowedOrigins;
  if (url === '' || allowed === undefined) return;
  const origin = originOf(url);
  if (origin !== undefined && allowed.some((entry) => originOf(entry) === origin)) return;
  throw new HandlerOptionError(`${what} to ${origin ?? 'a URL without an origin'} is not allowed: add its origin to post.allowedOrigins, or configure ${instead} and drop it from the script`);
}

/**
 * Refuses a URL written in a script whose origin is not in post.allowedOrigins, when the operator
 * set that list (unset, any origin is allowed, as in Kapacitor). Called when the handler is built
 * and again with the rendered URL before each request. The message quotes only the origin: the
 * rest of a URL may hold a token.
 */
export function checkPostUrlAllowed(url: string, post: PostConfig | undefined): void {
  const allowed = post?.allowedOrigins;
  if (allowed === undefined) return;
  const origin = fixedOriginOf(url);
  if (origin === undefined) {
    throw new HandlerOptionError('.post() URL must start with a fixed scheme, host and port (templates only after them) while post.allowedOrigins is set');
  }
  if (allowed.some((entry) => originOf(entry) === origin)) return;
  throw new HandlerOptionError(`.post() to ${origin} is not allowed: add "${origin}" to post.allowedOrigins in the handler configuration, or post to a configured endpoint with .endpoint('name')`);
}
