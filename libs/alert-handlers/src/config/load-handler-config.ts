import type { z } from 'zod';
import type { HandlerConfig } from '../handler-config';
import { envOverlay, envValue } from './handler-config.env';
import { handlerConfigSchema } from './handler-config.schema';

/**
 * The handler configuration is invalid. `problems` holds one line per bad entry, each starting
 * with its path (`slack.workspaces.ops.url: expected an http(s) URL`) and, when the value came
 * from the environment, the variable's name. No line ever quotes a value, since most of them
 * are secrets.
 */
export class HandlerConfigError extends Error {
  override readonly name = 'HandlerConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid handler configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Sets a value, creating missing objects; false when a non-object is in the way (the schema reports it). */
function setAt(root: JsonObject, path: readonly string[], value: unknown): boolean {
  let current = root;
  for (const key of path.slice(0, -1)) {
    const next = current[key] ?? (current[key] = {});
    if (!isObject(next)) return false;
    current = next;
  }
  current[path[path.length - 1] ?? ''] = value;
  return true;
}

const pathText = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(root)' : path.map(String).join('.'));

function describeIssue(issue: z.core.$ZodIssue, merged: unknown): string[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${pathText([...issue.path, key])}: unknown setting`);
    case 'invalid_type':
      if (at(merged, issue.path) === undefined) return [`${pathText(issue.path)}: required`];
      return [`${pathText(issue.path)}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`];
    case 'invalid_value':
      return [`${pathText(issue.path)}: expected one of ${issue.values.map(String).join(', ')}`];
    case 'too_small':
      return [`${pathText(issue.path)}: ${issue.origin === 'string' ? 'must not be empty' : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`}`];
    case 'too_big':
      return [`${pathText(issue.path)}: must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`];
    default:
      // Custom checks carry our own messages; zod's other messages name types, never values.
      return [`${pathText(issue.path)}: ${issue.message}`];
  }
}

/**
 * Builds the HandlerConfig from the parsed JSON of the handler configuration file (undefined
 * when there is none) and the environment, which supplies or overrides endpoints and secrets
 * (VIGIL_SMTP_PASSWORD, VIGIL_POST_ENDPOINT_<NAME>_URL, ...; docs/handlers.md lists them), so
 * neither scripts nor files need to hold a secret. Pure: the caller reads the file and passes
 * process.env. Throws HandlerConfigError listing every bad entry.
 */
export function loadHandlerConfig(file: unknown, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  if (file !== undefined && !isObject(file)) throw new HandlerConfigError(['(root): expected an object']);
  // JSON.parse output is plain data, so a structured clone keeps the caller's object untouched.
  const merged: JsonObject = file === undefined ? {} : structuredClone(file);
  const overlay = envOverlay(env, (map) => {
    const entries = at(merged, map);
    return isObject(entries) ? Object.keys(entries) : [];
  });
  const problems = overlay.unknown.map((name) => `${name}: unknown handler variable (docs/handlers.md lists them)`);
  const fromEnv = new Map<string, string>();
  for (const binding of overlay.bindings) {
    if (setAt(merged, binding.path, envValue(env[binding.name] ?? '', binding.kind))) fromEnv.set(binding.path.join('.'), binding.name);
  }
  const parsed = handlerConfigSchema.safeParse(merged);
  if (parsed.success && problems.length === 0) return parsed.data;
  for (const issue of parsed.error?.issues ?? []) {
    for (const line of describeIssue(issue, merged)) {
      const variable = fromEnv.get(issue.path.map(String).join('.'));
      problems.push(variable ? line.replace(/^([^:]+):/, `$1 (${variable}):`) : line);
    }
  }
  throw new HandlerConfigError(problems);
}
