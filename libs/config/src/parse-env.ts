import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

/** An app's environment schema: one zod field per variable, keyed by the variable's name. */
export type EnvShape = Record<string, z.ZodType<unknown, string | undefined>>;

export type EnvOf<S extends EnvShape> = z.output<z.ZodObject<S>>;

/**
 * Validates the variables named in `shape` from `env` and returns their typed values, or throws a
 * ConfigError naming every bad variable. Empty strings count as unset, because `FOO=` in a shell
 * or a compose file usually means "use the default", not "the empty value".
 */
export function parseEnv<S extends EnvShape>(
  app: string,
  shape: S,
  env: Readonly<Record<string, string | undefined>>,
): EnvOf<S> {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const raw = env[name];
    input[name] = raw === undefined || raw.trim() === '' ? undefined : raw;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(app, result.error.issues.map(toConfigIssue));
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  const variable = issue.path.map(String).join('.') || '(environment)';
  // zod reports a missing required string as "expected string, received undefined".
  const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
  return { variable, reason: missing ? 'is required but not set' : issue.message };
}
