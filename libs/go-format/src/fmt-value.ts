import { formatFloatV } from './float-format';
import { compareGoStrings } from './go-string-order';
import { goKind, structFields } from './go-value';

/**
 * A value as Go's `fmt` prints it with `%v` (the vigil value model is described in go-value.ts):
 * nil as `<nil>`, int64 in decimal, float64 via `formatFloatV`, times and durations through their
 * `String()` method, maps as `map[k:v k2:v2]` with sorted keys, slices as `[a b]` and structs as
 * `{a b}`. `element` formats nested values and lets `%s`/`%d`... reuse the walk.
 */
export function formatValueV(value: unknown, element: (v: unknown) => string = formatValueV): string {
  switch (goKind(value)) {
    case 'string':
      return value as string;
    case 'int':
      return (value as bigint).toString();
    case 'float':
      return formatFloatV(value as number);
    case 'bool':
      return value ? 'true' : 'false';
    case 'time':
    case 'duration':
      return (value as { String(): string }).String();
    case 'map':
      return 'map[' + sortedMapEntries(value as Map<unknown, unknown>).map(([k, v]) => `${element(k)}:${element(v)}`).join(' ') + ']';
    case 'slice':
      return '[' + (value as unknown[]).map((v) => element(v)).join(' ') + ']';
    case 'struct':
      return '{' + structFields(value as object).map(([, v]) => element(v)).join(' ') + '}';
    case 'func':
      return '%!v(func)';
    default:
      return '<nil>';
  }
}

/** Map entries in the order Go's fmt and text/template `range` use (internal/fmtsort). */
export function sortedMapEntries(map: Map<unknown, unknown>): [unknown, unknown][] {
  return [...map.entries()].sort((a, b) => compareKeys(a[0], b[0]));
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') {
    // fmtsort puts NaN first.
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a - b;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareGoStrings(String(a), String(b));
}

/**
 * `fmt.Sprint(args...)`: operands printed with `%v`, with a space between two operands when
 * neither of them is a string.
 */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValueV(arg);
  }
  return out;
}

/** `fmt.Sprintln(args...)`: always a space between operands, and a final newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((arg) => formatValueV(arg)).join(' ') + '\n';
}
