import { compareGoStrings } from '../go-string-order';
import { GoDuration, GoTime } from '../go-time';
import { goKind } from '../go-value';

/**
 * text/template's comparison functions (`eq ne lt le gt ge`, `text/template/funcs.go`). Only
 * basic kinds compare: bool, integers (`bigint`, `GoDuration`), floats (`number`) and strings.
 * Mixing kinds is an error ("incompatible types for comparison"), except that a nil or missing
 * value is simply unequal to anything; ordering needs integers, floats or strings.
 */
type BasicKind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'time' | 'other';

/** The comparison kind of a value, from its Go kind: durations compare as integers, nil as nothing. */
function basicKind(value: unknown): BasicKind {
  const kind = goKind(value);
  switch (kind) {
    case 'invalid':
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
    case 'time':
      return kind;
    case 'nil':
      return 'invalid';
    case 'duration':
      return 'int';
    default:
      return 'other';
  }
}

function basicValue(value: unknown): unknown {
  return value instanceof GoDuration || value instanceof GoTime ? value.ns : value;
}

export function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new Error('incompatible types for comparison');
      continue;
    }
    if (k1 === 'invalid') return true;
    if (k1 === 'other') {
      if (arg1 instanceof Map || Array.isArray(arg1) || typeof arg1 === 'function') {
        throw new Error('non-comparable type');
      }
      if (arg1 === arg) return true;
      continue;
    }
    if (basicValue(arg1) === basicValue(arg)) return true;
  }
  return false;
}

export function ne(arg1: unknown, arg2: unknown): boolean {
  return !eq(arg1, arg2);
}

export function lt(arg1: unknown, arg2: unknown): boolean {
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg2);
  const ordered = (k: BasicKind): boolean => k === 'int' || k === 'float' || k === 'string';
  if (!ordered(k1) || !ordered(k2)) throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  const a = basicValue(arg1);
  const b = basicValue(arg2);
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b) < 0;
  return (a as number | bigint) < (b as number | bigint);
}

export function le(arg1: unknown, arg2: unknown): boolean {
  return lt(arg1, arg2) || eq(arg1, arg2);
}

export function gt(arg1: unknown, arg2: unknown): boolean {
  return !le(arg1, arg2);
}

export function ge(arg1: unknown, arg2: unknown): boolean {
  return !lt(arg1, arg2);
}
