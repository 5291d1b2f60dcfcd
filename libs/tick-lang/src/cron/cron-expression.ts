/**
 * A cron schedule as Kapacitor's `.cron()` reads it (the gorhill/cronexpr package that
 * `batch.go`: `newCronTicker` uses): seven fields `second minute hour day-of-month month
 * day-of-week year`; with six fields the second is 0, with five the second is 0 and the year any.
 * Lists, ranges, steps (`*\/5`, `10-40/10`), month and weekday names, `?` for `*`, 7 for Sunday,
 * and the `@yearly @annually @monthly @weekly @daily @hourly` shorthands are understood. When
 * both day fields are restricted a day matching either runs, as in cronexpr.
 *
 * Not understood (refused with a message): cronexpr's `L`, `W` and `#` day modifiers.
 * vigil evaluates schedules in UTC; Kapacitor uses the server's local zone (identical on a UTC
 * server, which is how Kapacitor is usually deployed).
 */
export interface CronExpression {
  readonly source: string;
  /** The first time strictly after `after` (ns since the epoch) that matches, or undefined past 2099. */
  next(after: bigint): bigint | undefined;
}

export class CronError extends Error {}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

const SHORTHANDS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 * *',
  '@annually': '0 0 0 1 1 * *',
  '@monthly': '0 0 0 1 * * *',
  '@weekly': '0 0 0 * * 0 *',
  '@daily': '0 0 0 * * * *',
  '@hourly': '0 0 * * * * *',
};

interface Field {
  readonly allowed: ReadonlySet<number>;
  readonly any: boolean;
}

/** Parses a cron line; throws CronError naming the bad field. */
export function parseCron(source: string): CronExpression {
  const trimmed = source.trim();
  const expanded = SHORTHANDS[trimmed.toLowerCase()] ?? trimmed;
  let parts = expanded.split(/\s+/).filter((part) => part !== '');
  if (parts.length === 5) parts = ['0', ...parts, '*'];
  else if (parts.length === 6) parts = ['0', ...parts];
  else if (parts.length !== 7) throw new CronError(`cron expression "${source}" has ${parts.length} fields, expected 5, 6 or 7`);
  const fields = parts.map((part, index) => parseField(part, FIELDS[index] as FieldSpec));
  const dow = fields[5] as Field;
  // 7 is another name for Sunday.
  const weekdays = new Set([...dow.allowed].map((day) => day % 7));
  return new Cron(source, fields, { allowed: weekdays, any: dow.any });
}

function parseField(text: string, spec: FieldSpec): Field {
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (name) => (spec.names?.includes(name.toUpperCase()) ? '' : name)))) {
    throw new CronError(`cron ${spec.name} field "${text}": the L, W and # modifiers are not supported by vigil`);
  }
  const allowed = new Set<number>();
  const any = text === '*' || text === '?';
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : toNumber(stepText, spec, text);
    if (step <= 0) throw new CronError(`cron ${spec.name} field "${text}": the step must be positive`);
    let low: number;
    let high: number;
    if (range === '*' || range === '?') {
      low = spec.min;
      high = spec.name === 'day of week' ? 6 : spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      low = toNumber(a, spec, text);
      high = toNumber(b, spec, text);
    } else {
      low = toNumber(range, spec, text);
      high = stepText === undefined ? low : spec.max;
    }
    if (low < spec.min || high > spec.max || low > high) {
      throw new CronError(`cron ${spec.name} field "${text}": values must be within ${spec.min}-${spec.max}`);
    }
    for (let value = low; value <= high; value += step) allowed.add(value);
  }
  return { allowed, any };
}

function toNumber(text: string, spec: FieldSpec, field: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return spec.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(text)) throw new CronError(`cron ${spec.name} field "${field}": "${text}" is not a number`);
  return Number(text);
}

const NS_PER_SECOND = 1_000_000_000n;

class Cron implements CronExpression {
  constructor(
    readonly source: string,
    private readonly fields: readonly Field[],
    private readonly weekdays: Field,
  ) {}

  next(after: bigint): bigint | undefined {
    // Whole seconds strictly after `after`.
    let seconds = after / NS_PER_SECOND + 1n;
    if (after < 0n && after % NS_PER_SECOND !== 0n) seconds -= 1n;
    const date = new Date(Number(seconds) * 1000);
    const [second, minute, hour, , month, , year] = this.fields as [Field, Field, Field, Field, Field, Field, Field];
    for (let guard = 0; guard < 100_000; guard++) {
      if (date.getUTCFullYear() > 2099) return undefined;
      if (!year.allowed.has(date.getUTCFullYear())) {
        date.setUTCFullYear(date.getUTCFullYear() + 1, 0, 1);
        date.setUTCHours(0, 0, 0, 0);
      } else if (!month.allowed.has(date.getUTCMonth() + 1)) {
        date.setUTCMonth(date.getUTCMonth() + 1, 1);
        date.setUTCHours(0, 0, 0, 0);
      } else if (!this.dayMatches(date)) {
        date.setUTCDate(date.getUTCDate() + 1);
        date.setUTCHours(0, 0, 0, 0);
      } else if (!hour.allowed.has(date.getUTCHours())) {
        date.setUTCHours(date.getUTCHours() + 1, 0, 0, 0);
      } else if (!minute.allowed.has(date.getUTCMinutes())) {
        date.setUTCMinutes(date.getUTCMinutes() + 1, 0, 0);
      } else if (!second.allowed.has(date.getUTCSeconds())) {
        date.setUTCSeconds(date.getUTCSeconds() + 1, 0);
      } else {
        return BigInt(date.getTime()) * 1_000_000n;
      }
    }
    return undefined;
  }

  /** cronexpr: a restricted field alone decides; both restricted: either matches. */
  private dayMatches(date: Date): boolean {
    const dom = this.fields[3] as Field;
    const byDom = dom.allowed.has(date.getUTCDate());
    const byDow = this.weekdays.allowed.has(date.getUTCDay());
    if (dom.any && this.weekdays.any) return true;
    if (dom.any) return byDow;
    if (this.weekdays.any) return byDom;
    return byDom || byDow;
  }
}
