import { LineProtocolError } from './line-protocol-error';
import { parseLines } from './parse-lines';

/** The only error of a one-line text, as [column, reason]. */
function errorOf(line: string, options = {}): [number, string] {
  const result = parseLines(line, { defaultTime: 0n, ...options });
  expect(result.points).toEqual([]);
  expect(result.errors).toHaveLength(1);
  const error = result.errors[0] as LineProtocolError;
  expect(error.line).toBe(1);
  return [error.column, error.reason];
}

describe('parse errors', () => {
  it.each<[string, number, string]>([
    ['cpu', 4, 'missing fields'],
    ['cpu,host=a', 11, 'missing fields'],
    ['cpu ', 5, 'missing fields'],
    ['cpu\\ ', 6, 'missing fields'],
    [',tag=a v=1', 1, 'missing measurement'],
    ['cpu, value=1', 5, 'missing tag key'],
    ['cpu,=a v=1', 5, 'missing tag key'],
    ['cpu,a=1,,b=2 v=1', 9, 'missing tag key'],
    ['cpu,host v=1', 9, `expected '=' after tag key "host"`],
    ['cpu,host,a=1 v=1', 9, `expected '=' after tag key "host"`],
    ['cpu,host= v=1', 10, 'missing tag value for tag key "host"'],
    ['cpu,host=,a=1 v=1', 10, 'missing tag value for tag key "host"'],
    ['cpu,host=f=o v=1', 11, `invalid tag format: unescaped '=' in the value of tag key "host"`],
    ['cpu,b=2,b=1 v=1', 9, 'duplicate tags: tag key "b" is given more than once'],
    ['cpu,b=2,c=3,b=1 v=1', 13, 'duplicate tags: tag key "b" is given more than once'],
    ['cpu =1', 5, 'missing field key'],
    ['cpu v=1,=2', 9, 'missing field key'],
    ['cpu v=1,', 9, 'missing field key'],
    ['cpu v=1, w=2', 9, 'missing field key'],
    ['cpu x 1', 6, `expected '=' after field key "x"`],
    ['cpu x', 6, `expected '=' after field key "x"`],
    ['cpu value=', 11, 'missing field value for field key "value"'],
    ['cpu value=,v2=1i', 11, 'missing field value for field key "value"'],
    ['cpu value= 1', 11, 'missing field value for field key "value"'],
    ['cpu v=12a', 7, 'invalid number "12a"'],
    ['cpu v=12ai', 7, 'invalid integer "12ai"'],
    ['cpu v=1.5i', 7, 'invalid integer "1.5i"'],
    ['cpu v=1e5i', 7, 'invalid integer "1e5i"'],
    ['cpu v=9i10', 7, 'invalid number "9i10"'],
    ['cpu v=1ii', 7, 'invalid integer "1ii"'],
    ['cpu v=-i', 7, 'invalid integer "-i"'],
    ['cpu v=1.1.1', 7, 'invalid number "1.1.1"'],
    ['cpu v=0.-1', 7, 'invalid number "0.-1"'],
    ['cpu v=42+3', 7, 'invalid number "42+3"'],
    ['cpu v=-', 7, 'invalid number "-"'],
    ['cpu v=.', 7, 'invalid number "."'],
    ['cpu v=1e', 7, 'invalid number "1e"'],
    ['cpu v=-e-e-e', 7, 'invalid number "-e-e-e"'],
    ['cpu v=9223372036854775808i', 7, 'integer out of range "9223372036854775808"'],
    ['cpu v=-9223372036854775809i', 7, 'integer out of range "-9223372036854775809"'],
    ['cpu v=18446744073709551616u', 7, 'unsigned integer out of range "18446744073709551616u"'],
    ['cpu v=-1u', 7, 'invalid unsigned integer "-1u": unsigned integers cannot be negative'],
    ['cpu v=1e400', 7, 'float out of range "1e400"'],
    ['cpu v=-1e400', 7, 'float out of range "-1e400"'],
    ['cpu v=NaN', 7, 'unsupported float value "NaN": InfluxDB refuses NaN and infinities'],
    ['cpu v=nan', 7, 'unsupported float value "nan": InfluxDB refuses NaN and infinities'],
    ['cpu v=-Inf', 7, 'unsupported float value "-Inf": InfluxDB refuses NaN and infinities'],
    ['cpu v=+Inf', 7, 'unsupported float value "+Inf": InfluxDB refuses NaN and infinities'],
    ['cpu v=+1', 7, 'invalid field value "+1": expected a number, a boolean or a quoted string'],
    ['cpu v=abc', 7, 'invalid field value "abc": expected a number, a boolean or a quoted string'],
    ['cpu v=tru', 7, 'invalid boolean "tru"'],
    ['cpu v=tRUE', 7, 'invalid boolean "tRUE"'],
    ['cpu v=falsey', 7, 'invalid boolean "falsey"'],
    ['cpu v="abc', 7, `unbalanced quotes: the string value of field "v" has no closing '"'`],
    ['cpu v="abc"x 1', 12, `expected ',' or ' ' after the string value of field "v"`],
    ['cpu v="test"" 1', 13, `expected ',' or ' ' after the string value of field "v"`],
    ['cpu v=1 12x', 9, 'invalid timestamp "12x"'],
    ['cpu v=1 "1466625759000000000"', 9, 'invalid timestamp "\\"1466625759000000000\\""'],
    ['cpu v=1 -', 9, 'invalid timestamp "-"'],
    ['cpu v=1 1 2', 11, 'unexpected text after the timestamp'],
    ['cpu v=1 1 \t', 11, 'unexpected text after the timestamp'],
    ['cpu v=1 1\t', 9, 'invalid timestamp "1\\t"'],
    ['cpu v=1 9223372036854775807', 9, 'time outside range -9223372036854775806 - 9223372036854775806'],
    ['cpu v=1 -9223372036854775807', 9, 'time outside range -9223372036854775806 - 9223372036854775806'],
    ['cpu v=1 99999999999999999999', 9, 'timestamp out of range "99999999999999999999"'],
    ['cpu v=1 9223372036854775808', 9, 'timestamp out of range "9223372036854775808"'],
    ['cpu v=1 -9223372036854775809', 9, 'timestamp out of range "-9223372036854775809"'],
  ])('%s -> column %i: %s', (line, column, reason) => {
    expect(errorOf(line)).toEqual([column, reason]);
  });

  it('refuses times that overflow once scaled by the precision', () => {
    expect(errorOf('cpu v=1 2562048', { precision: 'h' })).toEqual([9, 'time outside range -9223372036854775806 - 9223372036854775806']);
    expect(parseLines('cpu v=1 2562047', { precision: 'h' }).points.map((point) => point.time)).toEqual([9_223_369_200_000_000_000n]);
  });

  it('refuses a line without timestamp when no default time was supplied', () => {
    const result = parseLines('cpu v=1');
    expect(result.errors.map((error) => [error.line, error.column, error.reason])).toEqual([[1, 8, 'missing timestamp and no default time was supplied']]);
  });

  it('reports the tag key "time" and a lone field "time" as rejected points, like InfluxDB storage', () => {
    const result = parseLines('cpu,time=x v=1 1\ncpu time=1 1\ncpu,time=x v= 1');
    expect(result.errors.map((error) => [error.line, error.column, error.kind, error.reason])).toEqual([
      [1, 5, 'rejected', 'invalid tag key: input tag "time" on measurement "cpu" is invalid'],
      [2, 5, 'rejected', 'invalid field name: input field "time" on measurement "cpu" is invalid'],
      [3, 14, 'syntax', 'missing field value for field key "v"'],
    ]);
  });

  it('refuses keys longer than InfluxDB allows, counting UTF-8 bytes', () => {
    const fits = `m,t=${'é'.repeat(32_000)} ${'v'.repeat(65_535 - 4 - 4 - 64_000)}=1 1`;
    expect(parseLines(fits).errors).toEqual([]);
    const tooLong = `m,t=${'é'.repeat(32_000)} ${'v'.repeat(65_535 - 4 - 4 - 64_000 + 1)}=1 1`;
    expect(parseLines(tooLong).errors.map((error) => error.reason)).toEqual(['max key length exceeded: 65536 > 65535']);
  });

  it('positions errors on the physical line, also after multi-line strings', () => {
    const text = 'm v=1 1\n  m,a=1 v=oops 2\nm s="x\ny" 12z\nm v=2 3';
    const result = parseLines(text);
    expect(result.points.map((point) => point.time)).toEqual([1n, 3n]);
    expect(result.lines).toEqual([1, 5]);
    expect(result.errors.map((error) => [error.line, error.column, error.text])).toEqual([
      [2, 11, 'm,a=1 v=oops 2'],
      [4, 4, 'm s="x\ny" 12z'],
    ]);
  });

  it('recovers after an unbalanced quote at the next line', () => {
    const result = parseLines('m s="open 1\nm v=1 2\n');
    expect(result.points.map((point) => point.time)).toEqual([2n]);
    expect(result.errors.map((error) => [error.line, error.column])).toEqual([[1, 5]]);
  });

  it('builds messages with the position and keeps the bare reason and the line text', () => {
    const [error] = parseLines('ok v=1 1\r\ncpu v=1 12x\r\n').errors;
    expect(error).toBeInstanceOf(LineProtocolError);
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe('line 2, column 9: invalid timestamp "12x"');
    expect(error?.text).toBe('cpu v=1 12x');
    expect(error?.kind).toBe('syntax');
  });
});
