import { sprint, sprintln } from '../fmt-value';
import { utf8Length } from '../go-string-order';
import { GoDuration } from '../go-time';
import { goTypeName, mapZero } from '../go-value';
import { sprintf } from '../printf';
import { eq, ge, gt, le, lt, ne } from './template-compare';
import { htmlEscapeString, jsEscapeString, urlQueryEscape } from './template-escapers';

/** A function callable from a template. Go's nil arrives as `null`; errors are thrown. */
export type TemplateFunc = (...args: unknown[]) => unknown;

export interface Builtin {
  readonly fn: TemplateFunc;
  /**
   * Takes Go `reflect.Value` arguments: a missing value stays `undefined` (invalid) instead of
   * becoming nil, which matters to `eq` and `index`.
   */
  readonly raw: boolean;
}

/**
 * text/template's predefined functions (`and` and `or` are evaluated lazily by the executor).
 * `call` is not provided: vigil's template data has no function-valued fields worth calling.
 */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['and', { fn: () => undefined, raw: true }],
  ['or', { fn: () => undefined, raw: true }],
  ['not', { fn: (x) => !isTrue(x), raw: true }],
  ['len', { fn: length, raw: true }],
  ['index', { fn: index, raw: true }],
  ['slice', { fn: slice, raw: true }],
  ['print', { fn: (...args) => sprint(args), raw: false }],
  ['println', { fn: (...args) => sprintln(args), raw: false }],
  ['printf', { fn: printf, raw: false }],
  ['html', { fn: (...args) => htmlEscapeString(evalArgs(args)), raw: false }],
  ['js', { fn: (...args) => jsEscapeString(evalArgs(args)), raw: false }],
  ['urlquery', { fn: (...args) => urlQueryEscape(evalArgs(args)), raw: false }],
  ['eq', { fn: (a, ...rest) => eq(a, ...rest), raw: true }],
  ['ne', { fn: (a, b) => ne(a, b), raw: true }],
  ['lt', { fn: (a, b) => lt(a, b), raw: true }],
  ['le', { fn: (a, b) => le(a, b), raw: true }],
  ['gt', { fn: (a, b) => gt(a, b), raw: true }],
  ['ge', { fn: (a, b) => ge(a, b), raw: true }],
]);

/** Number of parameters of the fixed-arity builtins, checked like Go's "wrong number of args". */
export const BUILTIN_ARITY: ReadonlyMap<string, number> = new Map([
  ['not', 1],
  ['len', 1],
  ['ne', 2],
  ['lt', 2],
  ['le', 2],
  ['gt', 2],
  ['ge', 2],
]);

/** Go's template truth: false, 0, nil, and empty strings, maps and slices are false. */
export function isTrue(value: unknown): boolean {
  switch (typeof value) {
    case 'undefined':
      return false;
    case 'boolean':
      return value;
    case 'bigint':
      return value !== 0n;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
    default:
      if (value === null) return false;
      if (value instanceof Map) return value.size > 0;
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof GoDuration) return value.ns !== 0n;
      return true;
  }
}

function length(item: unknown): bigint {
  if (typeof item === 'string') return BigInt(utf8Length(item));
  if (item instanceof Map) return BigInt(item.size);
  if (Array.isArray(item)) return BigInt(item.length);
  if (item === undefined || item === null) throw new Error('len of nil pointer');
  throw new Error(`len of type ${goTypeName(item)}`);
}

const UTF8 = new TextEncoder();

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('index of untyped nil');
  let current = item;
  for (const key of indexes) {
    if (current === null || current === undefined) throw new Error('index of nil pointer');
    if (current instanceof Map) {
      if (typeof key !== 'string') {
        throw new Error(key === null || key === undefined ? 'value is nil; should be of type string' : `value has type ${goTypeName(key)}; should be string`);
      }
      current = current.has(key) ? current.get(key) : mapZero(current);
    } else if (Array.isArray(current)) {
      current = current[sliceIndex(key, current.length)];
    } else if (typeof current === 'string') {
      const bytes = UTF8.encode(current);
      current = BigInt(bytes[sliceIndex(key, bytes.length)] ?? 0);
    } else {
      throw new Error(`can't index item of type ${goTypeName(current)}`);
    }
  }
  return current;
}

function sliceIndex(key: unknown, length: number): number {
  if (typeof key !== 'bigint') {
    throw new Error(key === null || key === undefined ? 'cannot index slice/array with nil' : `cannot index slice/array with type ${goTypeName(key)}`);
  }
  if (key < 0n || key >= BigInt(length)) throw new Error(`index out of range: ${key}`);
  return Number(key);
}

/** Go 1.13's `slice x 1 2`: a sub-slice or a substring (byte offsets). */
function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (indexes.length > 2) throw new Error('too many slice indexes: ' + indexes.length);
  const size = typeof item === 'string' ? UTF8.encode(item).length : Array.isArray(item) ? item.length : -1;
  if (size < 0) throw new Error(item === null || item === undefined ? 'slice of untyped nil' : `can't slice item of type ${goTypeName(item)}`);
  const bounds = indexes.map((i) => {
    if (typeof i !== 'bigint') throw new Error('cannot index slice/array with type ' + goTypeName(i));
    if (i < 0n || i > BigInt(size)) throw new Error(`index out of range: ${i}`);
    return Number(i);
  });
  const start = bounds[0] ?? 0;
  const end = bounds[1] ?? size;
  if (start > end) throw new Error(`invalid slice index: ${start} > ${end}`);
  if (typeof item === 'string') return new TextDecoder().decode(UTF8.encode(item).slice(start, end));
  return (item as unknown[]).slice(start, end);
}

function printf(format: unknown, ...args: unknown[]): string {
  if (typeof format !== 'string') {
    throw new Error(`wrong type for value; expected string; got ${format === null || format === undefined ? '<nil>' : goTypeName(format)}`);
  }
  return sprintf(format, args);
}

/** text/template's evalArgs: one string as is, otherwise `fmt.Sprint` with nil as `<no value>`. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}
