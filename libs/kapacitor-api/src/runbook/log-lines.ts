/**
 * Kapacitor's log session (`services/diagnostic`, `handleSessions` and `Session.Log`): each line
 * as `ts=... lvl=... msg=... key=value ...` (logfmt) or, asked for `application/json`, as
 * `{"ts":...,"lvl":...,"msg":...}`, filtered by the query: `lvl=error` keeps that level,
 * `lvl=info+` that level and above, any other `key=value` keeps lines whose field equals it.
 */
export interface LogFilter {
  readonly minimumLevel?: number;
  readonly equals: ReadonlyMap<string, string>;
}

/** pino's levels, in order; Kapacitor has debug, info and error, which keep their names. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** The filter of a `/logs` query; a repeated name is refused, as Kapacitor refuses it. */
export function readLogFilter(query: Readonly<Record<string, string | readonly string[] | undefined>>): LogFilter {
  const equals = new Map<string, string>();
  let minimumLevel: number | undefined;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new Error('query params cannot contain duplicate params');
    if (key === 'lvl' && value.endsWith('+')) minimumLevel = levelRank(value.slice(0, -1));
    else equals.set(key, value);
  }
  return minimumLevel === undefined ? { equals } : { minimumLevel, equals };
}

/**
 * One pino JSON line as Kapacitor's session writes it, or undefined when the filter drops it.
 * `ts` and `lvl` replace pino's `time` and `level`; the other keys follow in their order.
 */
export function formatLogLine(line: string, filter: LogFilter, json: boolean): string | undefined {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { time, level, msg, ...fields } = parsed;
  const lvl = typeof level === 'string' ? level : String(level);
  if (filter.minimumLevel !== undefined && levelRank(lvl) < filter.minimumLevel) return undefined;
  const all: Record<string, unknown> = { ...fields, lvl, msg };
  for (const [key, value] of filter.equals) if (String(all[key] ?? '') !== value) return undefined;
  const ordered: [string, unknown][] = [['ts', time], ['lvl', lvl], ['msg', msg ?? ''], ...Object.entries(fields)];
  if (json) return `${JSON.stringify(Object.fromEntries(ordered))}\n`;
  return `${ordered.map(([key, value]) => `${key}=${logfmtValue(value)}`).join(' ')}\n`;
}

function levelRank(level: string): number {
  return LEVELS.indexOf(level.toLowerCase() as (typeof LEVELS)[number]);
}

/** A logfmt value: bare when it has no space, quote or equals sign, else quoted as JSON quotes strings. */
function logfmtValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}
