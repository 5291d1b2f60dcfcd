import fc from 'fast-check';
import { encodeGoJSON, encodeGoJSONHtmlText } from './go-json';
import { htmlTextEscape } from './template/template-escapers';
import { compareGoStrings } from './go-string-order';
import { GoDuration, GoTime } from './go-time';
import { GoMap } from './go-value';
import { encodeJSONString } from './json-string';

// Expected texts are what Go's json.Marshal writes for the equivalent Go values.
describe('encodeJSONString', () => {
  it.each([
    ['plain', '"plain"'],
    ['a<b>&c', '"a\\u003cb\\u003e\\u0026c"'],
    ['"quoted" \\ back', '"\\"quoted\\" \\\\ back"'],
    ['\n\r\t', '"\\n\\r\\t"'],
    ['\b\f', '"\\u0008\\u000c"'],
    ['\u0000\u001f', '"\\u0000\\u001f"'],
    ['\u007f', '"\u007f"'],
    ['é 日本 😀', '"é 日本 😀"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['bad \ud800 surrogate', '"bad \\ufffd surrogate"'],
    ['\udc00', '"\\ufffd"'],
    ['', '""'],
  ])('%j -> %s', (s, expected) => {
    expect(encodeJSONString(s)).toBe(expected);
  });

  it('decodes back to the same string for well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (a, b) => {
        fc.pre(!/[\ud800-\udfff]/.test(b.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
        expect(JSON.parse(encodeJSONString(a + b))).toBe(a + b);
      }),
      // Grapheme strings are slow to generate; 200 runs keep the property meaningful and cheap.
      { numRuns: 200 },
    );
  });
});

describe('compareGoStrings', () => {
  it('orders by UTF-8 bytes, not UTF-16 units', () => {
    const keys = ['b', 'a', 'B', '\uffff', '😀', 'ab', ''];
    expect([...keys].sort(compareGoStrings)).toEqual(['', 'B', 'a', 'ab', 'b', '\uffff', '😀']);
  });

  it('agrees with sorting the UTF-8 encodings', () => {
    const utf8 = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const x = utf8.encode(a);
        const y = utf8.encode(b);
        let byteOrder = x.length - y.length;
        for (let i = 0; i < Math.min(x.length, y.length); i++) {
          if (x[i] !== y[i]) {
            byteOrder = (x[i] ?? 0) - (y[i] ?? 0);
            break;
          }
        }
        expect(Math.sign(compareGoStrings(a, b))).toBe(Math.sign(byteOrder));
      }),
    );
  });
});

describe('encodeGoJSON', () => {
  it('writes structs in field order and maps with sorted keys', () => {
    const value = {
      Name: 'cpu',
      Tags: new GoMap([
        ['z', '1'],
        ['B', '2'],
        ['a', '<3>'],
      ]),
      Nested: { Inner: [1n, 2.5, true, null, 'x'] },
    };
    expect(encodeGoJSON(value)).toBe('{"Name":"cpu","Tags":{"B":"2","a":"\\u003c3\\u003e","z":"1"},"Nested":{"Inner":[1,2.5,true,null,"x"]}}');
  });

  it('encodes times as RFC 3339 nano strings and durations as nanoseconds', () => {
    const value = { Time: new GoTime(1_709_287_210_250_000_000n), Duration: new GoDuration(2_314_000_000n) };
    expect(encodeGoJSON(value)).toBe('{"Time":"2024-03-01T10:00:10.25Z","Duration":2314000000}');
  });

  it('leaves out methods and undefined fields, and writes floats the Go way', () => {
    const value = { A: 1e21, B: 1e-7, C: 2.0, D: undefined, M: () => 'method' };
    expect(encodeGoJSON(value)).toBe('{"A":1e+21,"B":1e-7,"C":2}');
  });

  it('writes empty containers and nil', () => {
    expect(encodeGoJSON({ M: new Map(), S: [], N: null })).toBe('{"M":{},"S":[],"N":null}');
    expect(encodeGoJSON(undefined)).toBe('null');
  });

  it('fails like json.Marshal on values Go cannot encode', () => {
    expect(() => encodeGoJSON({ X: NaN })).toThrow('json: unsupported value: NaN');
    expect(() => encodeGoJSON(() => 1)).toThrow('json: unsupported type');
    const cyclic: Record<string, unknown> = {};
    cyclic.Self = cyclic;
    expect(() => encodeGoJSON(cyclic)).toThrow('cycle');
  });
});

describe('encodeGoJSONHtmlText', () => {
  const value = (): fc.Arbitrary<unknown> =>
    fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'binary' }),
        fc.constantFrom('it\'s', 'a+b', '"q"', '<&>', '\u0000', 'plain'),
        fc.double(),
        fc.constantFrom(1e21, -1e-7, 0.5),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.boolean(),
        fc.constant(null),
        fc.bigInt({ min: -(1n << 62n), max: 1n << 62n }).map((ns) => new GoTime(ns)),
        fc.bigInt({ min: -(1n << 62n), max: 1n << 62n }).map((ns) => new GoDuration(ns)),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }).map((entries) => new Map(Object.entries(entries))),
        fc.dictionary(fc.constantFrom('Name', 'It\'s', 'A+B', 'Q"'), tie('value'), { maxKeys: 3 }),
      ),
    })).value;

  it('is the JSON escaped for HTML text, or throws as the JSON does', () => {
    fc.assert(
      fc.property(value(), (v) => {
        let expected: string;
        try {
          expected = htmlTextEscape(encodeGoJSON(v));
        } catch (error) {
          expect(() => encodeGoJSONHtmlText(v)).toThrow((error as Error).message);
          return;
        }
        expect(encodeGoJSONHtmlText(v)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
