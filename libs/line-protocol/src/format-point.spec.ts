import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { formatFieldValue, formatPoint, formatPoints } from './format-point';
import { parseLines } from './parse-lines';

function point(overrides: Partial<Point> = {}): Point {
  return { database: '', retentionPolicy: '', name: 'cpu', tags: {}, fields: { value: 1 }, time: 1_000_000_000n, ...overrides };
}

describe('formatPoint', () => {
  it('writes the seed line back canonically, with tags sorted', () => {
    const [parsed] = parseLines('performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251i,sucesso=0i 1684713070038000000').points;
    expect(formatPoint(parsed as Point)).toBe('performance_influx,nome_provedor=pa,nome_recurso=p1 latencia=251i,sucesso=0i 1684713070038000000');
  });

  it('sorts tags and fields by key, by UTF-8 bytes', () => {
    const line = formatPoint(point({ tags: { zone: 'z', host: 'h', '\u{1F600}': 'x', '\uFF01': 'y' }, fields: { b: 1, a: 2 } }));
    expect(line).toBe('cpu,host=h,zone=z,\uFF01=y,\u{1F600}=x a=2,b=1 1000000000');
  });

  it('writes every field type', () => {
    const fields: Record<string, FieldValue> = { f: 1.5, i: -3n, u: new Unsigned(18446744073709551615n), s: 'say "hi" \\o/', t: true, n: false };
    expect(formatPoint(point({ fields }))).toBe('cpu f=1.5,i=-3i,n=false,s="say \\"hi\\" \\\\o/",t=true,u=18446744073709551615u 1000000000');
  });

  it('escapes each element as InfluxDB does', () => {
    const line = formatPoint(
      point({
        name: 'a measurement, with=signs "quoted"',
        tags: { 'tag key,=': 'tag value,= "x"' },
        fields: { 'field key,= "y"': 'line\nbreak' },
      }),
    );
    expect(line).toBe('a\\ measurement\\,\\ with=signs\\ "quoted",tag\\ key\\,\\==tag\\ value\\,\\=\\ "x" field\\ key\\,\\=\\ "y"="line\nbreak" 1000000000');
  });

  it('protects a backslash that precedes a character the parser would unescape', () => {
    const line = formatPoint(point({ name: 'a\\"b\\=c', tags: { 'k\\x': 'v\\,w' }, fields: { 'f\\"g': 1 } }));
    expect(line).toBe('a\\\\"b\\\\=c,k\\x=v\\\\,w f\\\\"g=1 1000000000');
    expect(parseLines(line).points[0]).toEqual(point({ name: 'a\\"b\\=c', tags: { 'k\\x': 'v\\,w' }, fields: { 'f\\"g': 1 } }));
  });

  it('leaves out tags with an empty value, as InfluxDB leaves them out of the series key', () => {
    expect(formatPoint(point({ tags: { empty: '', host: 'a' } }))).toBe('cpu,host=a value=1 1000000000');
  });

  it('writes the timestamp in the requested precision, truncating toward zero', () => {
    expect(formatPoint(point({ time: 1_999_999_999n }), 's')).toBe('cpu value=1 1');
    expect(formatPoint(point({ time: -1_999_999_999n }), 's')).toBe('cpu value=1 -1');
    expect(formatPoint(point({ time: 7_200_000_000_000n }), 'h')).toBe('cpu value=1 2');
    expect(formatPoint(point({ time: 1_500n }), 'us')).toBe('cpu value=1 1');
  });

  it.each<[string, Partial<Point>]>([
    ['no fields', { fields: {} }],
    ['an empty measurement', { name: '' }],
    ['a measurement ending in a backslash', { name: 'cpu\\' }],
    ['a measurement starting with #', { name: '#cpu' }],
    ['a measurement starting with a tab', { name: '\tcpu' }],
    ['a newline in a tag value', { tags: { a: 'x\ny' } }],
    ['a tag key ending in a backslash', { tags: { 'a\\': 'x' } }],
    ['an empty tag key', { tags: { '': 'x' } }],
    ['an empty field key', { fields: { '': 1 } }],
    ['a NaN field', { fields: { v: Number.NaN } }],
    ['an infinite field', { fields: { v: Number.NEGATIVE_INFINITY } }],
    ['an integer beyond int64', { fields: { v: 2n ** 63n } }],
    ['an unsigned beyond uint64', { fields: { v: new Unsigned(2n ** 64n) } }],
    ['a negative unsigned', { fields: { v: new Unsigned(-1n) } }],
    ['a time beyond InfluxDB range', { time: 2n ** 63n - 1n }],
  ])('refuses %s', (_, overrides) => {
    expect(() => formatPoint(point(overrides))).toThrow(RangeError);
  });
});

describe('formatPoints', () => {
  it('writes one line per point, each ended by a newline', () => {
    expect(formatPoints([point(), point({ time: 2n })])).toBe('cpu value=1 1000000000\ncpu value=1 2\n');
    expect(formatPoints([])).toBe('');
  });
});

describe('formatFieldValue', () => {
  it('writes floats the way Go writes them, never in exponent form', () => {
    expect([1, 0.1, -1500, 1e21, 1e-7, -0].map((value) => formatFieldValue('v', value))).toEqual(['1', '0.1', '-1500', '1000000000000000000000', '0.0000001', '-0']);
  });
});
