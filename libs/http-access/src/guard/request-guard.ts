import type { CredentialStore } from '../credentials/credential-store';
import { presentedCredentials } from '../credentials/presented-credentials';
import { hostNameOf, isLoopbackHost } from '../listen/loopback';
import { routeRule, type RouteRule } from './route-permissions';

/** How one server guards its routes. */
export interface AccessPolicy {
  /** No credentials: authentication is off (allowed on loopback, or beyond it with the insecure flag). */
  readonly store: CredentialStore;
  readonly metricsRequireCredentials: boolean;
  /**
   * The server listens on loopback only: requests must name a loopback host, so that a web page
   * whose domain was re-pointed at 127.0.0.1 (DNS rebinding) cannot reach it through the browser.
   */
  readonly loopbackOnly: boolean;
}

/** What a request may see of itself; Fastify's request satisfies it. */
export interface GuardedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type GuardVerdict =
  | { readonly allowed: true; readonly credential?: string }
  | { readonly allowed: false; readonly status: 401 | 403 | 415; readonly message: string };

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ALLOWED = { allowed: true } as const;

/**
 * Decides one request, in this order: probes pass; browsers from other sites are refused (a page
 * the operator opens can send a "simple" cross-site POST without a preflight, and would otherwise
 * define a task); a loopback-only server answers only to loopback host names; control-plane
 * changes must be JSON or carry no content type (text/plain and the form types are what simple
 * cross-site requests carry); then credentials
 * and the route's permission, with Kapacitor's statuses: 401 when the credentials are missing or
 * wrong, 403 when they lack the permission.
 */
export function decideRequest(request: GuardedRequest, policy: AccessPolicy): GuardVerdict {
  const path = pathOf(request.url);
  const rule = routeRule(request.method, path, { metricsRequireCredentials: policy.metricsRequireCredentials });
  if (rule.kind === 'probe' && rule.requirement === 'public') return ALLOWED;
  const browserRefusal = refuseCrossSite(request);
  if (browserRefusal !== undefined) return { allowed: false, status: 403, message: browserRefusal };
  if (policy.loopbackOnly) {
    const host = header(request, 'host');
    if (host === undefined || !isLoopbackHost(hostNameOf(host))) {
      return { allowed: false, status: 403, message: 'this server listens on loopback only and answers only to a loopback host name (localhost, 127.0.0.1, [::1])' };
    }
  }
  const contentType = header(request, 'content-type');
  // No content type at all is allowed: the kapacitor CLI posts service tests without one, and a
  // browser that could send such a request cross-site also sends Origin, refused above.
  if (rule.kind === 'control' && BODY_METHODS.has(request.method) && contentType !== undefined && !isJson(contentType)) {
    return { allowed: false, status: 415, message: `${request.method} ${path} takes Content-Type: application/json` };
  }
  return authorize(request, path, rule, policy.store);
}

function authorize(request: GuardedRequest, path: string, rule: RouteRule, store: CredentialStore): GuardVerdict {
  if (store.empty || rule.requirement === 'public') return ALLOWED;
  const query = new URLSearchParams(queryOf(request.url));
  const authentication = store.authenticate(
    presentedCredentials({ authorization: header(request, 'authorization'), user: query.get('u') ?? undefined, password: query.get('p') ?? undefined }),
  );
  if (authentication.outcome === 'missing') return { allowed: false, status: 401, message: 'unable to parse authentication credentials' };
  if (authentication.outcome === 'wrong') return { allowed: false, status: 401, message: 'authorization failed' };
  const { credential } = authentication;
  if (rule.requirement === 'authenticated' || credential.permissions.has('admin') || credential.permissions.has(rule.requirement)) {
    return { allowed: true, credential: credential.name };
  }
  return { allowed: false, status: 403, message: `credential ${credential.name} does not have the ${rule.requirement} permission for ${request.method} ${path}` };
}

/**
 * A browser marks every request with Sec-Fetch-Site and every cross-origin POST with Origin;
 * Telegraf, InfluxDB clients, Prometheus and the kapacitor CLI send neither.
 */
function refuseCrossSite(request: GuardedRequest): string | undefined {
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `requests from other sites (Sec-Fetch-Site: ${site}) are refused`;
  const origin = header(request, 'origin');
  if (origin === undefined) return undefined;
  const host = header(request, 'host');
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return 'requests from an opaque origin are refused';
  }
  if (host === undefined || originHost !== host.trim().toLowerCase()) return `requests from another origin (${origin}) are refused`;
  return undefined;
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function header(request: GuardedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? url : url.slice(0, question);
}

function queryOf(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? '' : url.slice(question + 1);
}
