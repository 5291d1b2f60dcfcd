import fc from 'fast-check';
import { formatPoint, formatPoints } from './format-point';
import { LineProtocolError } from './line-protocol-error';
import { anyPoint, anyText, lineText } from './line-protocol.arbitraries.test';
import { parseLines } from './parse-lines';

describe('parser robustness', () => {
  it('never throws: it returns errors with positions inside the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseLines(text, { defaultTime: 0n });
        const physical = text.split('\n');
        expect(result.points).toHaveLength(result.lines.length);
        for (const error of result.errors) {
          expect(error).toBeInstanceOf(LineProtocolError);
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(physical.length);
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeLessThanOrEqual((physical[error.line - 1] as string).length + 1);
        }
        for (const line of result.lines) expect(line).toBeLessThanOrEqual(physical.length);
        expect([...result.lines].sort((a, b) => a - b)).toEqual(result.lines);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('round trip', () => {
  it('parses a formatted point back into the same point', () => {
    fc.assert(
      fc.property(anyPoint, (point) => {
        const line = formatPoint(point);
        const result = parseLines(line, { database: 'db', retentionPolicy: 'rp' });
        expect(result.errors).toEqual([]);
        expect(result.points).toEqual([point]);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse(format(parse(text))) equals parse(text)', () => {
    let parsed = 0;
    fc.assert(
      fc.property(lineText, (text) => {
        const first = parseLines(text, { defaultTime: 5n });
        parsed += first.points.length;
        const second = parseLines(formatPoints(first.points));
        expect(second.errors).toEqual([]);
        expect(second.points).toEqual(first.points);
      }),
      { numRuns: 2000 },
    );
    // The generator must produce plenty of good lines for the property to mean anything (about
    // half of its 2,000 texts parse, so a bound at 1,000 failed now and then: 989 once).
    expect(parsed).toBeGreaterThan(500);
  });
});
