import { readFileSync } from 'node:fs';
import { ConfigError } from '@vigil/config';
import { checkHandlerAllowed, HandlerConfigError, loadHandlerConfig, type HandlerConfig } from '@vigil/alert-handlers';
import type { HandlerGuard } from '@vigil/evaluation';

/** The variables of the allowlist that may come from the environment (docs/handlers.md). */
const ALLOWLIST_VARIABLES = ['VIGIL_TCP_ALLOW', 'VIGIL_POST_ALLOWED_ORIGINS'] as const;

/**
 * What scripts may name as handlers, from the notifier's handler configuration file: only its
 * `exec`, `tcp`, `post.allowedOrigins` and `kafka` (cluster names and brokers, which `.kafka()`
 * must name) are read, so the evaluator never holds the handlers' secrets. Without the file the
 * allowlist is empty, as the notifier's would be: `.exec()`, `.tcp()` and `.kafka()` tasks are
 * refused at boot, which is the point (a task the notifier would refuse to run fails loudly here
 * instead of dead-lettering every alert later).
 */
export function readHandlerAllowlist(path: string | undefined, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  const file = path === undefined ? {} : allowlistSections(readJson(path));
  const allowlistEnv = Object.fromEntries(ALLOWLIST_VARIABLES.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
  try {
    return loadHandlerConfig(file, allowlistEnv);
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    throw new ConfigError('evaluator', error.problems.map((problem) => ({ variable: 'HANDLERS_CONFIG_FILE', reason: problem })));
  }
}

/** The guard defineTasks runs over every handler a task names. */
export function allowlistGuard(allowlist: HandlerConfig): HandlerGuard {
  return (instruction) => checkHandlerAllowed(instruction, allowlist);
}

function allowlistSections(file: unknown): Record<string, unknown> {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return {};
  const { exec, tcp, post, kafka } = file as Record<string, unknown>;
  const allowedOrigins = typeof post === 'object' && post !== null ? (post as Record<string, unknown>)['allowedOrigins'] : undefined;
  return {
    ...(exec === undefined ? {} : { exec }),
    ...(tcp === undefined ? {} : { tcp }),
    ...(kafka === undefined ? {} : { kafka }),
    ...(allowedOrigins === undefined ? {} : { post: { allowedOrigins } }),
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
