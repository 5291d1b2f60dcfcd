import { readFileSync } from 'node:fs';
import type { HandlerConfig } from '../handler-config';
import { HandlerConfigError, loadHandlerConfig } from './load-handler-config';

/** The variables of the allowlist that may come from the environment (docs/handlers.md). */
const ALLOWLIST_VARIABLES: readonly string[] = ['VIGIL_TCP_ALLOW', 'VIGIL_POST_ALLOWED_ORIGINS', 'VIGIL_SIDELOAD_ALLOW', 'VIGIL_LOG_ALLOW'];
/** post.endpoints.<name> from the environment (VIGIL_POST_ENDPOINT_<NAME>_URL, _USERNAME, _PASSWORD). */
const POST_ENDPOINT_PREFIX = 'VIGIL_POST_ENDPOINT_';

/**
 * What scripts may name, from the notifier's handler configuration file, for the processes that
 * check tasks without delivering (the evaluator, ingest): only its `exec`, `tcp`, `log`,
 * `sideload`, `post` (allowedOrigins, and the endpoints `|httpPost().endpoint()` posts to, with
 * credentials, as Kapacitor's node does) and `kafka` (cluster names and brokers, which `.kafka()`
 * must name) are read; the other handlers' secrets stay with the notifier. Without the file the
 * allowlist is empty, as the notifier's would be. Throws a HandlerConfigError whose problems say
 * what is wrong with the file; the app names its variable.
 */
export function readHandlerAllowlist(path: string | undefined, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  const file = path === undefined ? {} : allowlistSections(readJson(path));
  const allowlistEnv = Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== undefined && (ALLOWLIST_VARIABLES.includes(name) || name.startsWith(POST_ENDPOINT_PREFIX))));
  return loadHandlerConfig(file, allowlistEnv);
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
    throw new HandlerConfigError([`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HandlerConfigError([`${path} is not JSON: ${(error as Error).message}`]);
  }
}
