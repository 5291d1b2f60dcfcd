import { z } from 'zod';

/**
 * Field builders for environment schemas. Every field reads a string (or nothing) and produces a
 * typed value; defaults are given as the raw string a user would write, so the default goes
 * through the same validation as a user's value and the docs can show it verbatim.
 */

const INTEGER = /^-?\d+$/;

/** A TCP port, 1-65535. */
export function portVar(defaultValue: number) {
  return intVar(defaultValue, { min: 1, max: 65535, what: 'a port number (1-65535)' });
}

/** An integer within optional bounds. */
export function intVar(defaultValue: number, bounds: { min?: number; max?: number; what?: string } = {}) {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const what = bounds.what ?? describeRange(min, max);
  return z
    .string()
    .default(String(defaultValue))
    .transform((raw, ctx) => {
      const value = Number(raw.trim());
      if (!INTEGER.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return value;
    });
}

/** A non-empty string, optionally one that must match `pattern` (`message` says what it expects). */
export function stringVar(defaultValue?: string, shape?: { pattern: RegExp; message: string }) {
  let field = z.string().trim().min(1, { message: 'must not be empty' });
  if (shape) field = field.regex(shape.pattern, { message: shape.message });
  return defaultValue === undefined ? field : field.default(defaultValue);
}

/** One of a fixed set of words. */
export function enumVar<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  return z
    .string()
    .default(defaultValue)
    .transform((raw, ctx) => {
      const word = raw.trim();
      if (!values.includes(word)) {
        ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return word as T[number];
    });
}

/** A comma-separated list of `host:port` addresses (Kafka's bootstrap servers). */
export function hostPortListVar(defaultValue?: string) {
  const base = defaultValue === undefined ? z.string() : z.string().default(defaultValue);
  return base.transform((raw, ctx) => {
    const entries = raw
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    const bad = entries.filter((entry) => !/^[^\s:]+:\d{1,5}$/.test(entry));
    if (entries.length === 0 || bad.length > 0) {
      const detail = entries.length === 0 ? 'no address' : `bad address ${JSON.stringify(bad[0])}`;
      ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of host:port (${detail})` });
      return z.NEVER;
    }
    return entries;
  });
}

/** A URL with one of the given schemes, e.g. `redis:` or `http:`. */
export function urlVar(schemes: readonly string[], defaultValue?: string) {
  const base = defaultValue === undefined ? z.string() : z.string().default(defaultValue);
  return base.transform((raw, ctx) => parseUrl(raw, schemes, ctx));
}

/** Like urlVar, but absent means "not configured" (undefined). */
export function optionalUrlVar(schemes: readonly string[]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => (raw === undefined ? undefined : parseUrl(raw, schemes, ctx)));
}

/** pino's level names, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export function logLevelVar(defaultValue: LogLevelName = 'info') {
  return enumVar(LOG_LEVELS, defaultValue);
}

function parseUrl(raw: string, schemes: readonly string[], ctx: z.RefinementCtx): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a URL (${schemes.join(' or ')}), got ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  if (!schemes.includes(url.protocol)) {
    ctx.addIssue({ code: 'custom', message: `expected a ${schemes.join(' or ')} URL, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  return text;
}

function describeRange(min: number, max: number): string {
  if (min === Number.MIN_SAFE_INTEGER && max === Number.MAX_SAFE_INTEGER) return 'an integer';
  if (max === Number.MAX_SAFE_INTEGER) return `an integer >= ${min}`;
  if (min === Number.MIN_SAFE_INTEGER) return `an integer <= ${max}`;
  return `an integer between ${min} and ${max}`;
}
