import { formatFloat } from '@vigil/go-format';
import { floatToUint64 } from '../go/go-int64';
import { goReplaceAll } from '../regex/go-regex-replace';
import { FLOAT, INT, REGEX, STRING, type Value } from '../value-type';
import { signature, stateless, type FunctionSpec } from './function-spec';

/** humanBytes() and regexReplace(). */

const SIZES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/**
 * go-humanize's Bytes: SI units (1000), one decimal below 10 (`1.0 kB`, `9.9 MB`), none above
 * (`83 MB`). Kapacitor converts the argument with Go's uint64(), so negative ints wrap around.
 */
export function humanizeBytes(bytes: bigint): string {
  if (bytes < 10n) return `${bytes} B`;
  const size = Number(bytes);
  const exponent = Math.floor(Math.log(size) / Math.log(1000));
  const suffix = SIZES[exponent] ?? '';
  const value = Math.floor((size / 1000 ** exponent) * 10 + 0.5) / 10;
  // Go's %.1f / %.0f, which round exact ties to even.
  return `${formatFloat(value, 'f', value < 10 ? 1 : 0)} ${suffix}`;
}

function humanBytes(args: readonly Value[]): Value {
  const value = args[0];
  return humanizeBytes(typeof value === 'bigint' ? BigInt.asUintN(64, value) : floatToUint64(value as number));
}

export const TEXT_FUNCTIONS: readonly FunctionSpec[] = [
  stateless('humanBytes', [signature([FLOAT], STRING), signature([INT], STRING)], humanBytes),
  stateless('regexReplace', [signature([REGEX, STRING, STRING], STRING)], (args) =>
    goReplaceAll(args[0] as RegExp, args[1] as string, args[2] as string),
  ),
];
