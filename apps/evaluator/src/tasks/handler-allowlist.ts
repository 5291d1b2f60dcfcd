import { readFileSync } from 'node:fs';
import { ConfigError } from '@vigil/config';
import { checkHandlerAllowed, HandlerConfigError, loadHandlerConfig, type HandlerConfig, type PostEndpointConfig } from '@vigil/alert-handlers';
import type { HandlerGuard } from '@vigil/evaluation';

/** The variables of the allowlist that may come from the environment (docs/handlers.md). */
const ALLOWLIST_VARIABLES: readonly string[] = ['VIGIL_TCP_ALLOW', 'VIGIL_POST_ALLOWED_ORIGINS', 'VIGIL_SIDELOAD_ALLOW', 'VIGIL_LOG_ALLOW'];
/** post.endpoints.<name> from the environment (VIGIL_POST_ENDPOINT_<NAME>_URL, _USERNAME, _PASSWORD). */
const POST_ENDPOINT_PREFIX = 'VIGIL_POST_ENDPOINT_';

/**
 * What scripts may name as handlers, from the notifier's handler configuration file: only its
 * `exec`, `tcp`, `log`, `sideload` (the directories `|sideload()` may read here), `post` (allowedOrigins, and the endpoints `|httpPost().endpoint()` posts to from
 * this process, credentials included, as Kapacitor's node does) and `kafka` (cluster names and
 * brokers, which `.kafka()` must name) are read; the other handlers' secrets stay with the
 * notifier. Without the file the allowlist is empty, as the notifier's would be: `.exec()`,
 * `.tcp()` and `.kafka()` tasks, and httpPost nodes naming an endpoint, are refused at boot, which
 * is the point (a task that could not run fails loudly here instead of failing every alert later).
 */
export function readHandlerAllowlist(path: string | undefined, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  const file = path === undefined ? {} : allowlistSections(readJson(path));
  const allowlistEnv = Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== undefined && (ALLOWLIST_VARIABLES.includes(name) || name.startsWith(POST_ENDPOINT_PREFIX))));
  try {
    return loadHandlerConfig(file, allowlistEnv);
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    throw new ConfigError('evaluator', error.problems.map((problem) => ({ variable: 'HANDLERS_CONFIG_FILE', reason: problem })));
  }
}

/** The endpoints the engine's httpPost nodes may post to (createEngineRegistry). */
export function httpPostEndpointsOf(allowlist: HandlerConfig): ReadonlyMap<string, PostEndpointConfig> {
  return new Map(Object.entries(allowlist.post?.endpoints ?? {}));
}

/** The guard defineTasks runs over every handler a task names. */
export function allowlistGuard(allowlist: HandlerConfig): HandlerGuard {
  return (instruction) => checkHandlerAllowed(instruction, allowlist);
}

function allowlistSections(file: unknown): Record<string, unknown> {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return {};
  const { exec, tcp, post, kafka, sideload, log } = file as Record<string, unknown>;
  const { allowedOrigins, endpoints } = typeof post === 'object' && post !== null ? (post as Record<string, unknown>) : {};
  return {
    ...(exec === undefined ? {} : { exec }),
    ...(tcp === undefined ? {} : { tcp }),
    ...(kafka === undefined ? {} : { kafka }),
    ...(sideload === undefined ? {} : { sideload }),
    ...(log === undefined ? {} : { log }),
    ...(allowedOrigins === undefined && endpoints === undefined ? {} : { post: { ...(allowedOrigins === undefined ? {} : { allowedOrigins }), ...(endpoints === undefined ? {} : { endpoints }) } }),
  };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('evaluator', [{ variable: 'HANDLERS_CONFIG_FILE', reason: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError('evaluator', [{ variable: 'HANDLERS_CONFIG_FILE', reason: `${path} is not JSON: ${(error as Error).message}` }]);
  }
}
