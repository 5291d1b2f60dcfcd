import { ConfigError } from '@vigil/config';
import { checkHandlerAllowed, HandlerConfigError, readHandlerAllowlist as readAllowlistFile, type HandlerConfig, type PostEndpointConfig } from '@vigil/alert-handlers';
import type { HandlerGuard } from '@vigil/evaluation';

/**
 * What scripts may name as handlers, from the notifier's handler configuration file (only its
 * allowlist sections and post endpoints: readHandlerAllowlist of @vigil/alert-handlers). Without
 * the file the allowlist is empty, as the notifier's would be: `.exec()`, `.tcp()`, `.log()` and
 * `.kafka()` tasks, sideload nodes, and httpPost nodes naming an endpoint, are refused at boot,
 * which is the point (a task that could not run fails loudly here instead of failing every alert later).
 */
export function readHandlerAllowlist(path: string | undefined, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  try {
    return readAllowlistFile(path, env);
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
