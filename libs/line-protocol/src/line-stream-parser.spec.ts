import fc from 'fast-check';
import type { ParseResult } from './parse-lines';
import { anyText, lineText } from './line-protocol.arbitraries.test';
import { LineStreamParser } from './line-stream-parser';
import { parseLines } from './parse-lines';

function summary(results: ParseResult[]): unknown {
  return {
    points: results.flatMap((result) => result.points),
    lines: results.flatMap((result) => result.lines),
    errors: results.flatMap((result) => result.errors.map((error) => [error.line, error.column, error.kind, error.reason, error.text])),
  };
}

function streamed(text: string, cuts: number[]): ParseResult[] {
  const parser = new LineStreamParser({ defaultTime: 3n });
  const offsets = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const results: ParseResult[] = [];
  let from = 0;
  for (const offset of offsets) {
    results.push(parser.push(text.slice(from, offset)));
    from = offset;
  }
  results.push(parser.push(text.slice(from)), parser.end());
  return results;
}

describe('LineStreamParser', () => {
  it('gives the same points, line numbers and errors as one parseLines call, however the text is cut', () => {
    fc.assert(
      fc.property(fc.oneof(lineText, anyText), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        expect(summary(streamed(text, cuts))).toEqual(summary([parseLines(text, { defaultTime: 3n })]));
      }),
      { numRuns: 2000 },
    );
  });

  it('waits for the end of a quoted string that spans chunks and lines', () => {
    const parser = new LineStreamParser();
    expect(parser.push('m s="first\n').points).toEqual([]);
    const next = parser.push('second" 1\nm v=2 2\n');
    expect(next.points.map((point) => point.fields)).toEqual([{ s: 'first\nsecond' }, { v: 2 }]);
    expect(next.lines).toEqual([1, 3]);
    expect(parser.end().points).toEqual([]);
  });

  it('stops waiting for a closing quote once the pending line passes a megabyte', () => {
    const parser = new LineStreamParser();
    const result = parser.push(`m s="${'x'.repeat(1 << 20)}\nm v=1 1\n`);
    expect(result.errors.map((error) => [error.line, error.column, error.reason])).toEqual([[1, 5, `unbalanced quotes: the string value of field "s" has no closing '"'`]]);
    expect(result.lines).toEqual([2]);
  });

  it('parses a last line without a line break at the end', () => {
    const parser = new LineStreamParser();
    expect(parser.push('m v=1 1\nm v=').points).toHaveLength(1);
    const last = parser.push('2 2');
    expect(last.points).toEqual([]);
    expect(parser.end()).toMatchObject({ lines: [2], errors: [] });
  });
});
