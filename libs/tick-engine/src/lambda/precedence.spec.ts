import { run } from './lambda-test-kit.test';

/**
 * Operator precedence as the parser builds it and the compiled lambda evaluates it. Each case
 * picks operand values for which the wrong grouping gives a different answer.
 */
describe('precedence of parsed lambdas', () => {
  it('binds AND tighter than OR', () => {
    // a>1 OR (b>2 AND c>3) is true; (a>1 OR b>2) AND c>3 would be false.
    expect(run('"a" > 1 OR "b" > 2 AND "c" > 3', { a: 2n, b: 0n, c: 0n })).toBe(true);
  });

  it('binds * tighter than + and + tighter than ==', () => {
    // 1 + 3*2 == 7; (1+3)*2 would be 8.
    expect(run('"a" + "b" * 2 == 7', { a: 1n, b: 3n })).toBe(true);
  });

  it('binds ordering tighter than equality', () => {
    expect(run('"a" > 1 == TRUE', { a: 2n })).toBe(true);
    expect(run('"a" < 1 != FALSE', { a: 2n })).toBe(false);
  });

  it('associates left within a level', () => {
    expect(run('"a" - "b" - "c"', { a: 10n, b: 3n, c: 2n })).toBe(5n);
    expect(run('"a" / "b" / "c"', { a: 100n, b: 10n, c: 5n })).toBe(2n);
    expect(run('"a" / "b" * "c"', { a: 100n, b: 10n, c: 5n })).toBe(50n);
  });

  it('applies unary operators to the following primary only', () => {
    // (!a) AND b is false; !(a AND b) would be true.
    expect(run('!"a" AND "b"', { a: false, b: false })).toBe(false);
    // (-a) * b
    expect(run('-"a" * "b"', { a: 2n, b: 3n })).toBe(-6n);
  });

  it('honours parentheses', () => {
    expect(run('"a" * ("b" + 1)', { a: 2n, b: 3n })).toBe(8n);
    expect(run('("a" > 1 OR "b" > 2) AND "c" > 3', { a: 2n, b: 0n, c: 0n })).toBe(false);
  });

  it('parses =~ at equality level, below +', () => {
    expect(run("\"a\" + 'x' =~ /bx$/", {}, { a: 'ab' })).toBe(true);
  });
});
