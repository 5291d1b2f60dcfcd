import type { Permission } from '../credentials/permissions';

/**
 * What a route asks of its caller: nothing (`public`), any valid credential (`authenticated`), or
 * one permission. Anything not listed needs `admin`, so a route added later is closed until it is
 * given its own line here.
 */
export type RouteRequirement = 'public' | 'authenticated' | Permission;

/** How a route is protected from browsers, besides credentials. */
export type RouteKind = 'probe' | 'write' | 'control';

export interface RouteRule {
  readonly requirement: RouteRequirement;
  readonly kind: RouteKind;
}

export interface RouteRuleOptions {
  /** `/metrics` open to anyone who can reach the port (Prometheus's default), or behind read-metrics. */
  readonly metricsRequireCredentials: boolean;
}

/** Where writers post points; what InfluxDB clients, Telegraf and Prometheus send stays accepted there. */
const WRITE_PATHS = new Set(['/write', '/api/v2/write', '/kapacitor/v1/write', '/api/v1/write', '/v1/points', '/query']);

/** Kapacitor API paths by their first segment after `/kapacitor/v1/`, read and change permissions. */
const KAPACITOR_SECTIONS: Readonly<Record<string, { read: Permission; change: Permission }>> = {
  tasks: { read: 'read-tasks', change: 'write-tasks' },
  templates: { read: 'read-tasks', change: 'write-tasks' },
  recordings: { read: 'read-tasks', change: 'write-tasks' },
  replays: { read: 'read-tasks', change: 'write-tasks' },
  // POST /kapacitor/v1/sideload/reload changes what running tasks read, as a task reload would.
  sideload: { read: 'read-tasks', change: 'write-tasks' },
  alerts: { read: 'read-alerts', change: 'write-alerts' },
  'service-tests': { read: 'read-alerts', change: 'write-alerts' },
  'dead-letters': { read: 'replay-dead-letters', change: 'replay-dead-letters' },
  stats: { read: 'read-metrics', change: 'admin' },
  debug: { read: 'read-metrics', change: 'admin' },
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The rule of one request, from its method and path (without the query string). */
export function routeRule(method: string, path: string, options: RouteRuleOptions): RouteRule {
  if (path === '/health/live' || path === '/health/ready') return { requirement: 'public', kind: 'probe' };
  if (path === '/metrics') return { requirement: options.metricsRequireCredentials ? 'read-metrics' : 'public', kind: 'probe' };
  // InfluxDB answers /ping without credentials; writers call it before their first write.
  if (path === '/ping') return { requirement: 'public', kind: 'probe' };
  if (WRITE_PATHS.has(path)) return { requirement: 'write-points', kind: 'write' };
  if (path === '/kapacitor/v1/ping') return { requirement: 'authenticated', kind: 'control' };
  const section = sectionOf(path);
  const permissions = section === undefined ? undefined : KAPACITOR_SECTIONS[section];
  if (permissions === undefined) return { requirement: 'admin', kind: 'control' };
  return { requirement: READ_METHODS.has(method) ? permissions.read : permissions.change, kind: 'control' };
}

/** `tasks` of `/kapacitor/v1/tasks/x`, `dead-letters` of `/vigil/v1/dead-letters/replay`. */
function sectionOf(path: string): string | undefined {
  const match = /^\/(?:kapacitor|vigil)\/v1\/([^/]+)/.exec(path);
  return match?.[1];
}
