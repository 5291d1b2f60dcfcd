import { DurationValue } from '../compiled-lambda';
import { failure, instance, point, run } from '../lambda-test-kit.test';

describe('if()', () => {
  it('picks a branch by the condition', () => {
    const lambda = instance("if(\"x\" > 10, 'high', 'low')");
    expect(lambda.evaluate(point({ x: 11n }))).toBe('high');
    expect(lambda.evaluate(point({ x: 10n }))).toBe('low');
    expect(run('if(FALSE, 1s, 2s)')).toEqual(new DurationValue(2_000_000_000n));
  });

  it('wants a bool condition and two branches of one type', () => {
    expect(failure('if(TRUE, 1, 2.0)')).toMatch(/cannot call function "if" with args \(bool,int,float\)/);
    expect(failure('if(1, 2, 3)')).toMatch(/cannot call function "if"/);
  });

  it('evaluates both branches, so a missing field in the unused one still fails', () => {
    expect(failure('if(TRUE, 1, "x")')).toMatch(/"x" is missing/);
  });
});

describe('isPresent()', () => {
  it.each([
    [{ x: 1n }, true],
    [{ x: 1.5 }, true],
    [{ x: 'a' }, true],
    [{ x: false }, true],
    [{}, false],
  ])('with fields %o is %s', (fields, expected) => {
    expect(run('isPresent("x")', fields)).toBe(expected);
  });
});
