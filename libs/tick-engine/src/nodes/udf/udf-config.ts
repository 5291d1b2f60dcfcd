import type { UdfFunctionConfig } from './agent/udf-function-config';
import type { UdfFunctions } from './udf.node';

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** A Go duration string (`10s`, `1m30s`, `500ms`) in ms, or undefined when it is not one. */
function durationMs(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  return total;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Kapacitor's default in its sample configuration; a function may set its own. */
const DEFAULT_TIMEOUT = '10s';
const FIELDS = new Set(['prog', 'args', 'env', 'timeout', 'socket']);

/**
 * Reads the UDF configuration, Kapacitor's `[udf.functions.NAME]` sections as JSON:
 * `{"functions": {"movingAverage": {"prog": "/usr/local/bin/moving_avg", "args": [], "env": {}, "timeout": "10s"},
 * "outliers": {"socket": "/run/outliers.sock", "timeout": "10s"}}}`. Checks what Kapacitor's
 * `FunctionConfig.Validate` checks (a timeout above 1ms; prog or socket, not both) and the types of
 * every field; throws an Error naming `where` (the file), the function and the field.
 */
export function parseUdfConfig(value: unknown, where: string): UdfFunctions {
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  if (!isRecord(value)) return fail('the UDF configuration must be a JSON object with "functions"');
  const unknown = Object.keys(value).filter((key) => key !== 'functions');
  if (unknown.length > 0) fail(`unknown field ${unknown.join(', ')} (the configuration has only "functions")`);
  const functions = value['functions'] ?? {};
  if (!isRecord(functions)) return fail('"functions" must be an object of functions by name');
  const parsed: Record<string, UdfFunctionConfig> = {};
  for (const [name, entry] of Object.entries(functions)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`UDF ${JSON.stringify(name)}: a function name must be a TICKscript identifier (letters, digits, _)`);
    parsed[name] = parseFunction(entry, (message) => fail(`UDF ${name}: ${message}`));
  }
  return parsed;
}

function parseFunction(entry: unknown, fail: (message: string) => never): UdfFunctionConfig {
  if (!isRecord(entry)) return fail('must be an object with prog (or socket) and timeout');
  const unknown = Object.keys(entry).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) fail(`unknown field ${unknown.join(', ')} (fields: prog, args, env, timeout, socket)`);
  const timeoutText = entry['timeout'] ?? DEFAULT_TIMEOUT;
  if (typeof timeoutText !== 'string') return fail('timeout must be a duration string such as "10s"');
  const timeoutMs = durationMs(timeoutText);
  if (timeoutMs === undefined) return fail(`timeout ${JSON.stringify(timeoutText)} is not a duration such as "10s"`);
  if (timeoutMs <= 1) fail(`timeout is too small: ${timeoutText}`);
  const { prog, args = [], env = {}, socket } = entry;
  if (socket !== undefined) {
    if (prog !== undefined || entry['args'] !== undefined || entry['env'] !== undefined) fail('both socket and process config provided');
    if (typeof socket !== 'string' || socket === '') fail('socket must be the path of a unix socket');
    return { kind: 'socket', socket: socket as string, timeoutMs };
  }
  if (typeof prog !== 'string' || prog === '') return fail('must set either prog or socket');
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) fail('args must be a list of strings');
  if (!isRecord(env) || !Object.values(env).every((text) => typeof text === 'string')) fail('env must be an object of strings');
  return { kind: 'process', prog, args: args as string[], env: env as Record<string, string>, timeoutMs };
}
