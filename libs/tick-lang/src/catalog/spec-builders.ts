import type { TickValue } from '../pipeline';
import type { ArgSpec, ArgType, PropertySpec } from './catalog-types';

/** Shorthands that keep the catalog files readable as tables. */

export function arg(name: string, type: ArgType | readonly ArgType[], extra: Partial<ArgSpec> = {}): ArgSpec {
  return { name, types: typeof type === 'string' ? [type] : type, ...extra };
}

export function optionalArg(name: string, type: ArgType | readonly ArgType[]): ArgSpec {
  return arg(name, type, { optional: true });
}

/** A property taking exactly one argument of the given type. */
export function valueProperty(name: string, type: ArgType, doc: string, defaultValue?: TickValue): PropertySpec {
  return { name, args: [arg(name, type)], doc, ...(defaultValue ? { default: defaultValue } : {}) };
}

/** A property taking no argument: a flag such as `.align()`. */
export function flagProperty(name: string, doc: string): PropertySpec {
  return { name, args: [], doc, default: { type: 'bool', value: false } };
}

/** A property taking one or more strings, e.g. `.exclude('host', 'cpu')`. */
export function stringsProperty(name: string, doc: string, min = 1): PropertySpec {
  return { name, args: [], rest: { ...arg(name, 'string'), min }, doc };
}

export const str = (value: string): TickValue => ({ type: 'string', value });
export const int = (value: number): TickValue => ({ type: 'int', value: BigInt(value) });
export const duration = (seconds: number): TickValue => ({ type: 'duration', ns: BigInt(seconds) * 1_000_000_000n });
