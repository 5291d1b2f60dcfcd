import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepIntegers, parseJsonKeepingIntegers } from './json-integers';

/** What the reviver alone gives: the result parseJsonKeepingIntegers must equal. */
const byReviver = (text: string): unknown => JSON.parse(text, keepIntegers);

describe('parseJsonKeepingIntegers', () => {
  it('keeps integer tokens as bigint with every digit, and other numbers as numbers', () => {
    const text = '{"duration":0,"values":[["2023-11-14T22:13:20Z",95,95.5,-3,1e3,2.0,-0,12345678901234567890,-9007199254740993]]}';
    const parsed = parseJsonKeepingIntegers(text);
    expect(parsed).toEqual({ duration: 0n, values: [['2023-11-14T22:13:20Z', 95n, 95.5, -3n, 1000, 2, -0, 12345678901234567890n, -9007199254740993n]] });
    expect(Object.is((parsed as { values: number[][] }).values[0]?.[6], -0)).toBe(true);
  });

  it('is not misled by digits, quotes, colons or escapes inside strings', () => {
    const text = String.raw`{"message":"value 95.3 > 90: \"12\" \\","n":7,"d":"{\"Fields\":{\"value\":95}}","m":[1.5,"2",3]}`;
    expect(parseJsonKeepingIntegers(text)).toEqual(byReviver(text));
    expect(parseJsonKeepingIntegers(text)).toEqual({ message: 'value 95.3 > 90: "12" \\', n: 7n, d: '{"Fields":{"value":95}}', m: [1.5, '2', 3n] });
  });

  it('gives what the reviver gives where JavaScript reorders keys or a key is given twice', () => {
    const cases = [
      '{"b":2.0,"1":3,"a":4}',
      '{"tags":{"2":"x","10":"y"},"v":[1,2.5]}',
      '{"a":"s","b":2.0,"a":2}',
      '{"a":1.5,"b":2,"a":3}',
      '{"a" :1,"b"\n:\t2.5}',
      '{"__proto__":5,"x":1.25}',
      '[]',
      '7',
      '-0',
      '"text"',
    ];
    for (const text of cases) expect([text, parseJsonKeepingIntegers(text)]).toEqual([text, byReviver(text)]);
  });

  it('gives what the reviver gives for any JSON text, duplicate and index-like keys included', () => {
    const key = fc.oneof(fc.constantFrom('a', 'b', '0', '7', '__proto__', 'x"y'), fc.string({ maxLength: 3 }));
    const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }));
    const { json } = fc.letrec<{ json: string }>((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        number.map((n) => (typeof n === 'bigint' ? String(n) : JSON.stringify(n))),
        fc.string({ maxLength: 6 }).map((text) => JSON.stringify(text)),
        fc.constantFrom('true', 'null', '-0', '2.0', '1e3'),
        fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
        fc.array(fc.tuple(key, tie('json')), { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)} : ${v}`).join(',')}}`),
      ),
    }));
    fc.assert(
      fc.property(json, (text) => {
        expect(parseJsonKeepingIntegers(text)).toEqual(byReviver(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('throws for text that is not JSON, as JSON.parse does', () => {
    expect(() => parseJsonKeepingIntegers('{"a":')).toThrow(SyntaxError);
  });
});
