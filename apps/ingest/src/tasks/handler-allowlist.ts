import { checkHandlerAllowed, HandlerConfigError, readHandlerAllowlist, type HandlerConfig } from '@vigil/alert-handlers';
import type { ConfigIssue } from '@vigil/config';
import type { HandlerGuard } from '@vigil/evaluation';

/**
 * The allowlist of the handler configuration file (HANDLERS_CONFIG_FILE, the file the evaluators
 * and notifiers read; only its allowlist sections), so that ingest refuses with a 400 at
 * definition a task the evaluators would refuse: without it, ingest answered 200 and every
 * evaluator skipped the task. A bad file adds its problems to `issues`, under HANDLERS_CONFIG_FILE.
 */
export function readIngestHandlerAllowlist(path: string | undefined, env: Readonly<Record<string, string | undefined>>, issues: ConfigIssue[]): HandlerConfig {
  try {
    return readHandlerAllowlist(path, env);
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    issues.push(...error.problems.map((reason) => ({ variable: 'HANDLERS_CONFIG_FILE', reason })));
    return {};
  }
}

/** The guard the task store runs over every handler, httpPost and sideload node a task names. */
export function handlerAllowlistGuard(allowlist: HandlerConfig): HandlerGuard {
  return (instruction) => checkHandlerAllowed(instruction, allowlist);
}
