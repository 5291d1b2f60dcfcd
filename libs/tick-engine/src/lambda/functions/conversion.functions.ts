import { formatFloatPlain, formatInfluxqlDuration } from '@vigil/go-format';
import { DurationValue } from '../compiled-lambda';
import { floatToInt64, wrapInt64 } from '../go/go-int64';
import { parseGoBool, parseGoFloat, parseGoInt } from '../go/go-parse';
import { parseInfluxqlDuration } from '../go/influxql-duration';
import { BOOL, DURATION, FLOAT, INT, STRING, type Value } from '../value-type';
import { callFailure, signature, stateless, unarySignatures, type CallSite, type FunctionSpec } from './function-spec';

/**
 * bool(), int(), float(), string() and duration(): Kapacitor's type conversions. Argument types
 * follow Kapacitor's signatures exactly, which are narrower than what the Go code could convert:
 * int() does not take a duration, and duration('5m') needs a (then ignored) unit argument.
 */

function first(args: readonly Value[]): Value {
  return args[0] as Value;
}

function numberText(value: bigint | number): string {
  return typeof value === 'bigint' ? value.toString() : formatFloatPlain(value);
}

function toBool(args: readonly Value[], _context: unknown, site: CallSite): Value {
  const value = first(args);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const parsed = parseGoBool(value);
    if (parsed === undefined) throw callFailure(site, `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
    return parsed;
  }
  const number = value as bigint | number;
  if (number == 0) return false;
  if (number == 1) return true;
  throw callFailure(site, `cannot convert ${numberText(number)} to boolean`);
}

function toInt(args: readonly Value[], _context: unknown, site: CallSite): Value {
  const value = first(args);
  switch (typeof value) {
    case 'bigint':
      return value;
    case 'number':
      return floatToInt64(value);
    case 'boolean':
      return value ? 1n : 0n;
  }
  const parsed = parseGoInt(value as string);
  if (parsed === undefined) throw callFailure(site, `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax or value out of range`);
  return parsed;
}

function toFloat(args: readonly Value[], _context: unknown, site: CallSite): Value {
  const value = first(args);
  switch (typeof value) {
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
    case 'boolean':
      return value ? 1 : 0;
  }
  const parsed = parseGoFloat(value as string);
  if (parsed === undefined) throw callFailure(site, `strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax or value out of range`);
  return parsed;
}

function toString(args: readonly Value[]): Value {
  const value = first(args);
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      return formatFloatPlain(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  return formatInfluxqlDuration((value as DurationValue).ns);
}

function toDuration(args: readonly Value[], _context: unknown, site: CallSite): Value {
  const value = first(args);
  if (value instanceof DurationValue) return value;
  const unit = (args[1] as DurationValue).ns;
  if (typeof value === 'bigint') return new DurationValue(wrapInt64(value * unit));
  if (typeof value === 'number') return new DurationValue(floatToInt64(value * Number(unit)));
  const parsed = parseInfluxqlDuration(value as string);
  if (parsed === undefined) throw callFailure(site, `invalid duration string ${JSON.stringify(value)}`);
  return new DurationValue(parsed);
}

const SCALARS = [BOOL, STRING, INT, FLOAT] as const;

export const CONVERSION_FUNCTIONS: readonly FunctionSpec[] = [
  stateless('bool', unarySignatures(SCALARS, BOOL), toBool),
  stateless('int', unarySignatures(SCALARS, INT), toInt),
  stateless('float', unarySignatures(SCALARS, FLOAT), toFloat),
  stateless('string', unarySignatures([...SCALARS, DURATION], STRING), toString),
  stateless(
    'duration',
    [signature([DURATION], DURATION), signature([INT, DURATION], DURATION), signature([FLOAT, DURATION], DURATION), signature([STRING, DURATION], DURATION)],
    toDuration,
  ),
];
