import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, groupIdVar, intVar, parseEnv, serviceEnv, stringVar, topicVar, withTransportSecurity, type EnvOf, type TransportSecurity } from '@vigil/config';
import { HandlerConfigError, loadHandlerConfig, type HandlerConfig } from '@vigil/alert-handlers';
import { DEFAULT_TOPICS } from '@vigil/topic-contract';

/** Every variable the notifier reads; docs/configuration.md describes each one. */
export const NOTIFIER_ENV = {
  ...serviceEnv({ port: 8088, clientId: 'vigil-notifier' }),
  NOTIFIER_GROUP_ID: groupIdVar('vigil-notifier'),
  DEAD_LETTER_TOPIC: topicVar(DEFAULT_TOPICS.deadLetters),
  /** The compacted topic of the topic handlers defined through ingest's Kapacitor API (`define-topic-handler`). */
  TOPIC_HANDLERS_TOPIC: topicVar(DEFAULT_TOPICS.topicHandlers),
  HANDLERS_CONFIG_FILE: z.string().trim().optional(),
  DELIVERY_MAX_ATTEMPTS: intVar(12, { min: 1, max: 1_000 }),
  DELIVERY_MAX_AGE_MS: intVar(3_600_000, { min: 1, max: 30 * 24 * 3_600_000 }),
  DELIVERY_INITIAL_BACKOFF_MS: intVar(500, { min: 1, max: 3_600_000 }),
  DELIVERY_MAX_BACKOFF_MS: intVar(30_000, { min: 1, max: 3_600_000 }),
  DELIVERY_MAX_IN_FLIGHT: intVar(64, { min: 1, max: 10_000 }),
  DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN: intVar(32, { min: 1, max: 10_000 }),
  NOTIFIER_MAX_PENDING: intVar(10_000, { min: 1, max: 1_000_000 }),
  NOTIFIER_COMMIT_INTERVAL_MS: intVar(500, { min: 10, max: 60_000 }),
  NOTIFIER_SESSION_TIMEOUT_MS: intVar(30_000, { min: 3_000, max: 300_000 }),
  LEDGER_TTL_SECONDS: intVar(7 * 24 * 3_600, { min: 60, max: 365 * 24 * 3_600 }),
  // The same shape and default as the evaluator's CHECKPOINT_KEY_PREFIX: keys are `<prefix>:...`.
  REDIS_KEY_PREFIX: stringVar('vigil', { pattern: /^[A-Za-z0-9._:-]{1,100}$/, message: 'expected letters, digits, ".", "_", ":" or "-"' }),
};

export type NotifierEnv = EnvOf<typeof NOTIFIER_ENV>;

/** The environment's values plus what the handler configuration file and variables supply. */
export type NotifierConfig = NotifierEnv & TransportSecurity & { readonly handlers: HandlerConfig };

/**
 * The one place the notifier reads the environment (and the handler configuration file it names).
 * Throws a ConfigError naming every bad variable.
 */
export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  const parsed = withTransportSecurity('notifier', parseEnv('notifier', NOTIFIER_ENV, env));
  if (parsed.DELIVERY_MAX_BACKOFF_MS < parsed.DELIVERY_INITIAL_BACKOFF_MS) {
    throw new ConfigError('notifier', [
      { variable: 'DELIVERY_MAX_BACKOFF_MS', reason: `must not be below DELIVERY_INITIAL_BACKOFF_MS (${parsed.DELIVERY_INITIAL_BACKOFF_MS})` },
    ]);
  }
  return { ...parsed, handlers: handlerConfigOf(readHandlersFile(parsed.HANDLERS_CONFIG_FILE), env) };
}

/** The JSON of HANDLERS_CONFIG_FILE, or undefined when the variable is unset. */
function readHandlersFile(path: string | undefined): unknown {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('notifier', [{ variable: 'HANDLERS_CONFIG_FILE', reason: `cannot read ${path}: ${messageOf(error)}` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError('notifier', [{ variable: 'HANDLERS_CONFIG_FILE', reason: `${path} is not JSON: ${messageOf(error)}` }]);
  }
}

/**
 * Handler endpoints and secrets from the file and the VIGIL_* variables (docs/handlers.md). Every
 * bad entry is reported like a bad variable; the messages never quote a value (most are secrets).
 */
function handlerConfigOf(file: unknown, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  try {
    return loadHandlerConfig(file, env);
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    throw new ConfigError(
      'notifier',
      error.problems.map((problem) => ({ variable: 'handler configuration', reason: problem })),
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
