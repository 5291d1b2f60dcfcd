import {
  goByteSlice,
  goContainsAny,
  goCount,
  goIndex,
  goIndexAny,
  goLastIndex,
  goLastIndexAny,
  goReplace,
  goToLower,
  goToUpper,
  goTrim,
  goTrimLeft,
  goTrimRight,
  goTrimSpace,
  utf8Length,
} from '../go/go-strings';
import { BOOL, INT, STRING, type Value } from '../value-type';
import { callFailure, signature, stateless, type CallSite, type FunctionSpec } from './function-spec';

/** Kapacitor's str* functions, thin wrappers over Go's strings package (byte indexes, see go-strings). */

type StringPair<T> = (text: string, other: string) => T;

function pair<T extends Value>(name: string, result: typeof BOOL | typeof INT | typeof STRING, apply: StringPair<T>): FunctionSpec {
  return stateless(name, [signature([STRING, STRING], result)], (args) => apply(args[0] as string, args[1] as string));
}

function single(name: string, result: typeof INT | typeof STRING, apply: (text: string) => Value): FunctionSpec {
  return stateless(name, [signature([STRING], result)], (args) => apply(args[0] as string));
}

const int = (value: number): bigint => BigInt(value);

/** strings.Replace's count is a Go int; an int64 outside the safe range behaves as "all" or "many". */
function replaceCount(value: bigint): number {
  return value < 0n ? -1 : Number(value > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : value);
}

/** s[start:stop] in bytes; Kapacitor refuses negative indexes and any stop at or past the end. */
function substring(args: readonly Value[], _context: unknown, site: CallSite): Value {
  const text = args[0] as string;
  const start = args[1] as bigint;
  const stop = args[2] as bigint;
  if (start < 0n) throw callFailure(site, `found negative index for strSubstring: ${start}`);
  if (stop < 0n) throw callFailure(site, `found negative index for strSubstring: ${stop}`);
  const length = utf8Length(text);
  if (stop >= BigInt(length)) throw callFailure(site, `stop index too large for string in strSubstring: ${stop}`);
  // Go panics on start > stop (slice bounds out of range); report it as an evaluation error instead.
  if (start > stop) throw callFailure(site, `slice bounds out of range [${start}:${stop}]`);
  return goByteSlice(text, Number(start), Number(stop));
}

export const STRING_FUNCTIONS: readonly FunctionSpec[] = [
  pair('strContains', BOOL, (text, sub) => text.includes(sub)),
  pair('strContainsAny', BOOL, goContainsAny),
  pair('strHasPrefix', BOOL, (text, prefix) => text.startsWith(prefix)),
  pair('strHasSuffix', BOOL, (text, suffix) => text.endsWith(suffix)),
  pair('strCount', INT, (text, sub) => int(goCount(text, sub))),
  pair('strIndex', INT, (text, sub) => int(goIndex(text, sub))),
  pair('strIndexAny', INT, (text, chars) => int(goIndexAny(text, chars))),
  pair('strLastIndex', INT, (text, sub) => int(goLastIndex(text, sub))),
  pair('strLastIndexAny', INT, (text, chars) => int(goLastIndexAny(text, chars))),
  single('strLength', INT, (text) => int(utf8Length(text))),
  single('strToLower', STRING, goToLower),
  single('strToUpper', STRING, goToUpper),
  single('strTrimSpace', STRING, goTrimSpace),
  pair('strTrim', STRING, goTrim),
  pair('strTrimLeft', STRING, goTrimLeft),
  pair('strTrimRight', STRING, goTrimRight),
  pair('strTrimPrefix', STRING, (text, prefix) => (text.startsWith(prefix) ? text.slice(prefix.length) : text)),
  pair('strTrimSuffix', STRING, (text, suffix) => (suffix !== '' && text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : text)),
  stateless('strReplace', [signature([STRING, STRING, STRING, INT], STRING)], (args) =>
    goReplace(args[0] as string, args[1] as string, args[2] as string, replaceCount(args[3] as bigint)),
  ),
  stateless('strSubstring', [signature([STRING, INT, INT], STRING)], substring),
];
