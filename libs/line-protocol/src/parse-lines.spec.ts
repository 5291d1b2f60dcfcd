import fc from 'fast-check';
import { Unsigned, type Point } from '@vigil/core';
import { LineProtocolError } from './line-protocol-error';
import { parseLine, parseLines } from './parse-lines';
import type { Precision } from './precision';

/** Parses text expected to hold exactly one good line. */
function one(text: string, options = {}): Point {
  const result = parseLines(text, { defaultTime: 0n, ...options });
  expect(result.errors).toEqual([]);
  expect(result.points).toHaveLength(1);
  return result.points[0] as Point;
}

describe('parseLines', () => {
  it('parses the seed line into a Point with bigint integers and nanosecond time', () => {
    const point = one('performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251i,sucesso=0i 1684713070038000000');
    expect(point).toEqual({
      database: '',
      retentionPolicy: '',
      name: 'performance_influx',
      tags: { nome_provedor: 'pa', nome_recurso: 'p1' },
      fields: { latencia: 251n, sucesso: 0n },
      time: 1684713070038000000n,
    });
  });

  it('orders tag keys as InfluxDB does, whatever the order in the line', () => {
    expect(Object.keys(one('m,zone=1,host=a,b=2 v=1').tags)).toEqual(['b', 'host', 'zone']);
    expect(Object.keys(one('m,b=2,host=a,zone=1 v=1').tags)).toEqual(['b', 'host', 'zone']);
  });

  it('copies database and retention policy from the options', () => {
    const point = one('m v=1 1', { database: 'telegraf', retentionPolicy: 'autogen' });
    expect([point.database, point.retentionPolicy]).toEqual(['telegraf', 'autogen']);
  });

  describe('field value types', () => {
    it.each([
      ['1', 1],
      ['1.0', 1],
      ['-1.5e3', -1500],
      ['1.e+78', 1e78],
      ['.1', 0.1],
      ['1E4', 1e4],
      ['-1.0e-4', -1e-4],
      ['-0', -0],
      ['0001.5', 1.5],
    ])('float %s', (text, value) => {
      expect(one(`m v=${text}`).fields.v).toBe(value);
    });

    it.each([
      ['1i', 1n],
      ['-12i', -12n],
      ['0i', 0n],
      ['1234567890123456i', 1234567890123456n],
      ['9223372036854775807i', 9223372036854775807n],
      ['-9223372036854775808i', -9223372036854775808n],
      ['0009223372036854775807i', 9223372036854775807n],
    ])('integer %s', (text, value) => {
      expect(one(`m v=${text}`).fields.v).toBe(value);
    });

    it.each([
      ['0u', 0n],
      ['12u', 12n],
      ['18446744073709551615u', 18446744073709551615n],
      ['00018446744073709551615u', 18446744073709551615n],
    ])('unsigned %s', (text, value) => {
      expect(one(`m v=${text}`).fields.v).toEqual(new Unsigned(value));
    });

    it.each(['t', 'T', 'true', 'True', 'TRUE'])('boolean true as %s', (text) => {
      expect(one(`m v=${text}`).fields.v).toBe(true);
    });

    it.each(['f', 'F', 'false', 'False', 'FALSE'])('boolean false as %s', (text) => {
      expect(one(`m v=${text}`).fields.v).toBe(false);
    });

    it.each([
      ['"stringing along"', 'stringing along'],
      ['""', ''],
      ['"foo \\" bar"', 'foo " bar'],
      ['"foo\\\\"', 'foo\\'],
      ['"test\\\\\\""', 'test\\"'],
      ['"foo\\,bar"', 'foo\\,bar'],
      ['"foo,bar = baz"', 'foo,bar = baz'],
      ['"{Hello\\"{,}\\" World}"', '{Hello"{,}" World}'],
      ['"wè 🍭"', 'wè 🍭'],
      ['"a\\nb"', 'a\\nb'],
      ['"true"', 'true'],
    ])('string %s', (text, value) => {
      expect(one(`m v=${text}`).fields.v).toBe(value);
    });

    it('reads decimal floats exactly as Number() does, short or long', () => {
      const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: max });
      const decimal = fc
        .tuple(fc.boolean(), digits(12), fc.option(digits(12)), fc.option(fc.integer({ min: -30, max: 30 })))
        .map(([negative, whole, fraction, exponent]) => `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`)
        .filter((text) => /\d/.test(text.split('e')[0] as string));
      fc.assert(
        fc.property(decimal, (text) => {
          expect(Object.is(one(`m v=${text}`).fields.v, Number(text))).toBe(true);
        }),
        { numRuns: 3000 },
      );
    });

    it('reads integers exactly, short or long', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.nat(3), (value, zeros) => {
          const text = value < 0n ? `-${'0'.repeat(zeros)}${-value}` : `${'0'.repeat(zeros)}${value}`;
          expect(one(`m v=${text}i`).fields.v).toBe(value);
        }),
        { numRuns: 3000 },
      );
    });

    it('keeps a newline inside a quoted string and counts the line it spans', () => {
      const result = parseLines('m s="one\ntwo" 1\nm v=2 2', { defaultTime: 0n });
      expect(result.points.map((point) => point.fields)).toEqual([{ s: 'one\ntwo' }, { v: 2 }]);
      expect(result.lines).toEqual([1, 3]);
    });
  });

  describe('escaping, as InfluxDB 1.x reads it', () => {
    it.each([
      ['foo\\,bar value=1i', 'foo,bar'],
      ['cpu\\ load,region=east value=1.0', 'cpu load'],
      ['cpu=load,region=east value=1.0', 'cpu=load'],
      ['cpu\\=load value=1', 'cpu=load'],
      ['"cpu",host=serverA value=1', '"cpu"'],
      ['cpu\\\\load value=1', 'cpu\\\\load'],
      ['cpu\\x value=1', 'cpu\\x'],
    ])('measurement in %s', (line, name) => {
      expect(one(line).name).toBe(name);
    });

    it.each([
      ['cpu,region\\,zone=east value=1.0', { 'region,zone': 'east' }],
      ['cpu,region\\ zone=east value=1.0', { 'region zone': 'east' }],
      ['cpu,reg\\\\=ion=east value=1.0', { 'reg\\=ion': 'east' }],
      ['cpu,\\ =east value=1.0', { ' ': 'east' }],
      ['cpu,regions=east\\,west value=1.0', { regions: 'east,west' }],
      ['cpu,regions=\\\\ east value=1.0', { regions: '\\ east' }],
      ['cpu,regions=eas\\\\ t value=1.0', { regions: 'eas\\ t' }],
      ['cpu,regions=east\\\\  value=1.0', { regions: 'east\\ ' }],
      ['cpu,regions=east\\ west value=1.0', { regions: 'east west' }],
      ['cpu,regions=eas\\t value=1.0', { regions: 'eas\\t' }],
      ['cpu,regions=\\\\,\\,\\=east value=1.0', { regions: '\\,,=east' }],
      ['cpu,tag0=1\\"\\",t=k value=1', { tag0: '1\\"\\"', t: 'k' }],
      ['cpu,"host"="serverA" value=1', { '"host"': '"serverA"' }],
      ['cpu=load,equals\\=foo=tag\\=value value=1i', { 'equals=foo': 'tag=value' }],
      ['cpu,a==b v=1', { a: '=b' }],
    ])('tags in %s', (line, tags) => {
      expect(one(line).tags).toEqual(tags);
    });

    it.each([
      ['cpu value\\,ms=1.0', 'value,ms'],
      ['cpu value\\ ms=1.0', 'value ms'],
      ['cpu value\\=ms=1.0', 'value=ms'],
      ['cpu \\a=1i', '\\a'],
      ['cpu a\\"b=1', 'a"b'],
      ['cpu a"b=1', 'a"b'],
    ])('field key in %s', (line, key) => {
      expect(Object.keys(one(line).fields)).toEqual([key]);
    });

    it('reads the special-characters example of the InfluxDB line protocol reference', () => {
      const line =
        '"measurement\\ with\\ quo⚡️es\\ and\\ emoji",tag\\ key\\ with\\ sp🚀ces=tag\\,value\\,with"commas" field_k\\ey="string field value, only \\" need be esc🍭ped"';
      const point = one(line);
      expect(point.name).toBe('"measurement with quo⚡️es and emoji"');
      expect(point.tags).toEqual({ 'tag key with sp🚀ces': 'tag,value,with"commas"' });
      expect(point.fields).toEqual({ 'field_k\\ey': 'string field value, only " need be esc🍭ped' });
    });

    it('does not let quotes in tag values swallow the next line', () => {
      const result = parseLines('baz,mytag="a x=1 1441103862125\nbaz,mytag=a z=1 1441103862126');
      expect(result.points.map((point) => [point.tags.mytag, point.time])).toEqual([
        ['"a', 1441103862125n],
        ['a', 1441103862126n],
      ]);
    });

    it('makes "__proto__" an ordinary own key', () => {
      const point = one('m,__proto__=x __proto__=1i');
      expect(Object.getPrototypeOf(point.tags)).toBe(Object.prototype);
      expect(Object.hasOwn(point.tags, '__proto__') && Object.hasOwn(point.fields, '__proto__')).toBe(true);
      expect([point.tags['__proto__'], point.fields['__proto__']]).toEqual(['x', 1n]);
    });
  });

  describe('timestamps and precision', () => {
    it.each<[Precision, bigint]>([
      ['n', 7n],
      ['ns', 7n],
      ['u', 7_000n],
      ['us', 7_000n],
      ['ms', 7_000_000n],
      ['s', 7_000_000_000n],
      ['m', 420_000_000_000n],
      ['h', 25_200_000_000_000n],
    ])('precision %s scales the timestamp to nanoseconds', (precision, expected) => {
      expect(one('m v=1 7', { precision }).time).toBe(expected);
    });

    it('refuses an unknown precision up front', () => {
      expect(() => parseLines('m v=1 1', { precision: 'd' as Precision })).toThrow(/unknown precision "d"/);
    });

    it('accepts negative timestamps and the edges of InfluxDB range', () => {
      expect(one('m v=1 -1').time).toBe(-1n);
      expect(one('m v=1 9223372036854775806').time).toBe(9223372036854775806n);
      expect(one('m v=1 -9223372036854775806').time).toBe(-9223372036854775806n);
    });

    it('gives lines without a timestamp the default time, truncated to the precision', () => {
      expect(one('m v=1', { defaultTime: 1_234_567_891_234n }).time).toBe(1_234_567_891_234n);
      expect(one('m v=1', { defaultTime: 1_234_567_891_234n, precision: 's' }).time).toBe(1_234_000_000_000n);
      expect(one('m v=1', { defaultTime: -1n, precision: 'ms' }).time).toBe(-1_000_000n);
    });

    it('reads successive long timestamps exactly across changes of their leading digits', () => {
      const times = [999_999_999_999_999_999n, 1_000_000_000_000_000_000n, 1_684_713_070_038_000_001n, 1_684_713_999_999_999_999n, 1_684_714_000_000_000_000n];
      const result = parseLines(times.map((time) => `m v=1 ${time}`).join('\n'));
      expect(result.points.map((point) => point.time)).toEqual(times);
    });
  });

  describe('lines', () => {
    it('skips blank lines and # comments, numbering points by their source line', () => {
      const text = '# a comment\n\n   \n  # indented comment\nm v=1 1\n\t\nm v=2 2\n';
      const result = parseLines(text);
      expect(result.points.map((point) => point.fields.v)).toEqual([1, 2]);
      expect(result.lines).toEqual([5, 7]);
    });

    it('accepts extra blanks where InfluxDB does', () => {
      for (const line of ['cpu    value=1.0 1257894000000000000', 'cpu value=1.0     1257894000000000000', '   cpu value=1.0 1257894000000000000   ', 'cpu value=1.0\t1257894000000000000'.replace('\t', ' \t')]) {
        expect(one(line)).toMatchObject({ name: 'cpu', fields: { value: 1 }, time: 1257894000000000000n });
      }
    });

    it('takes CR LF line breaks as line breaks', () => {
      const result = parseLines('m v=1 1\r\nm s="x" 2\r\n\r\nm v=3\r\n', { defaultTime: 9n });
      expect(result.errors).toEqual([]);
      expect(result.points.map((point) => [point.fields, point.time])).toEqual([
        [{ v: 1 }, 1n],
        [{ s: 'x' }, 2n],
        [{ v: 3 }, 9n],
      ]);
      expect(result.lines).toEqual([1, 2, 4]);
    });

    it('reads each line on its own even when it starts like the line before', () => {
      const text = ['m,k=1 f=1 1', 'm\\ x,k\\==2 f\\ g=2 2', 'mm,kk=3 ff=3 3', 'm,k=4,k2=4 f=4,f2=4 4', 'm,k=5 f=5 5', 'm k=6 6', 'm,k=7 f="7" 7'].join('\n');
      const result = parseLines(text);
      expect(result.errors).toEqual([]);
      expect(result.points.map((point) => [point.name, point.tags, point.fields])).toEqual([
        ['m', { k: '1' }, { f: 1 }],
        ['m x', { 'k=': '2' }, { 'f g': 2 }],
        ['mm', { kk: '3' }, { ff: 3 }],
        ['m', { k: '4', k2: '4' }, { f: 4, f2: 4 }],
        ['m', { k: '5' }, { f: 5 }],
        ['m', {}, { k: 6 }],
        ['m', { k: '7' }, { f: '7' }],
      ]);
    });

    it('builds the same objects before and after a key sequence becomes frequent', () => {
      const result = parseLines(Array.from({ length: 40 }, (_, i) => `m,z=${i},__proto__=a x=1,__proto__=2i,x=3 ${i}`).join('\n'));
      expect(result.errors).toEqual([]);
      result.points.forEach((point, i) => {
        expect(Object.keys(point.tags)).toEqual(['__proto__', 'z']);
        expect(point.tags).toEqual({ ['__proto__']: 'a', z: String(i) });
        expect(Object.getPrototypeOf(point.fields)).toBe(Object.prototype);
        expect(Object.entries(point.fields)).toEqual([
          ['x', 3],
          ['__proto__', 2n],
        ]);
      });
    });

    it('handles more distinct key sequences than it remembers', () => {
      const result = parseLines(Array.from({ length: 5000 }, (_, i) => `m,t${i}=v f${i}=${i}i ${i}`).join('\n'));
      expect(result.errors).toEqual([]);
      expect(result.points.every((point, i) => point.tags[`t${i}`] === 'v' && point.fields[`f${i}`] === BigInt(i) && Object.keys(point.fields).length === 1)).toBe(true);
    });

    it('keeps the last value of a repeated field key, as InfluxDB does', () => {
      expect(one('cpu,host=a value=1,value=2 5').fields).toEqual({ value: 2 });
    });

    it('drops a field named time when other fields remain, as InfluxDB storage does', () => {
      expect(one('cpu time=1,v=2 1').fields).toEqual({ v: 2 });
    });

    it('keeps good lines around bad ones', () => {
      const result = parseLines('m v=1 1\nbad\nm v=2 2\nm v= 3\nm v=4 4');
      expect(result.points.map((point) => point.fields.v)).toEqual([1, 2, 4]);
      expect(result.lines).toEqual([1, 3, 5]);
      expect(result.errors.map((error) => error.line)).toEqual([2, 4]);
    });
  });
});

describe('parseLine', () => {
  it('parses a single line with the given line number', () => {
    expect(parseLine('m v=1 1', 7)).toMatchObject({ name: 'm', time: 1n });
    const error = parseLine('m v=', 7);
    expect(error).toBeInstanceOf(LineProtocolError);
    expect(error).toMatchObject({ line: 7, column: 5 });
  });

  it('returns undefined for blank and comment lines', () => {
    expect(parseLine('', 1)).toBeUndefined();
    expect(parseLine('# hi', 1)).toBeUndefined();
  });

  it('refuses more than one line', () => {
    expect(parseLine('m v=1 1\nm v=2 2', 3)).toMatchObject({ line: 4, column: 1, reason: expect.stringContaining('more than one line') });
  });
});
