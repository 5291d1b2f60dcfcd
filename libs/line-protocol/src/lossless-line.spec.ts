import { Unsigned, type Point } from '@vigil/core';
import fc from 'fast-check';
import { losslessLine } from './lossless-line';
import { parseLines } from './parse-lines';

function point(overrides: Partial<Point> = {}): Point {
  return { database: 'db', retentionPolicy: 'autogen', name: 'cpu', tags: { host: 'a' }, fields: { v: 1 }, time: 1n, ...overrides };
}

describe('losslessLine', () => {
  it('writes a point line protocol carries as its canonical line', () => {
    expect(losslessLine(point({ fields: { v: -0, u: new Unsigned(7n), b: true } }))).toBe('cpu,host=a b=true,u=7u,v=-0 1');
  });

  it.each<[string, Partial<Point>]>([
    ['a NaN float', { fields: { v: Number.NaN } }],
    ['an infinite float', { fields: { v: Number.NEGATIVE_INFINITY } }],
    ['an empty tag value', { tags: { host: 'a', rack: '' } }],
    ['a tag named time', { tags: { time: 'x' } }],
    ['a field named time', { fields: { time: 1 } }],
    ['a newline in a name', { name: 'c\npu' }],
    ['a trailing backslash in a tag key', { tags: { 'host\\': 'a' } }],
    ['a lone surrogate', { tags: { host: '\uD800' } }],
    ['a measurement starting with {', { name: '{odd' }],
    ['no fields', { fields: {} }],
  ])('refuses %s', (_, overrides) => {
    expect(losslessLine(point(overrides))).toBeUndefined();
  });

  it('returns only lines that parse back to exactly the point', () => {
    const chars = fc.constantFrom('a', 'time', ' ', ',', '=', '"', '\\', '{', '#', '\n', 'é', '\uD800');
    const text = fc.string({ unit: chars, maxLength: 4 });
    const anyPoint = fc.record(
      {
        database: fc.constant(''),
        retentionPolicy: fc.constant(''),
        name: fc.string({ unit: chars, minLength: 1, maxLength: 4 }),
        tags: fc.dictionary(text, text, { maxKeys: 3, noNullPrototype: true }),
        fields: fc.dictionary(text, fc.oneof(fc.double(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), text, fc.boolean()), { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
        time: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
      },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(anyPoint, (candidate: Point) => {
        const line = losslessLine(candidate);
        if (line === undefined) return;
        const parsed = parseLines(line);
        expect(parsed.errors).toEqual([]);
        expect(parsed.points).toEqual([candidate]);
      }),
      { numRuns: 500 },
    );
  });
});
