import fc from 'fast-check';
import { parseLambdaExpression, type Expr } from '@vigil/tick-lang';
import { LambdaError } from './compiled-lambda';
import { compileLambda } from './compile-lambda';
import { formatExpr } from './format-expr';
import { AT, compile, compileFailure, instance, point } from './lambda-test-kit.test';

describe('compileLambda', () => {
  it('accepts the Lambda node or its body and writes the source back', () => {
    const body = parseLambdaExpression('"a"   >  1 AND ("b" + 2) * 3 < 10');
    const wrapped: Expr = { kind: 'Lambda', body, pos: AT };
    expect(compileLambda(body, { now: () => 0n }).source).toBe('lambda: "a" > 1 AND ("b" + 2) * 3 < 10');
    expect(compileLambda(wrapped, { now: () => 0n }).source).toBe('lambda: "a" > 1 AND ("b" + 2) * 3 < 10');
    expect(compileLambda(body, { now: () => 0n, source: 'lambda: custom' }).source).toBe('lambda: custom');
  });

  it('lists each referenced name once, in order of first use', () => {
    expect(compile('"a" > 1 AND "b" < "a" OR unixNano("time") > 0').references).toEqual(['a', 'b', 'time']);
  });

  it('keeps instances independent', () => {
    const lambda = compile('count()');
    const first = lambda.newInstance();
    const second = lambda.newInstance();
    first.evaluate(point({}));
    expect(first.evaluate(point({}))).toBe(2n);
    expect(second.evaluate(point({}))).toBe(1n);
  });
});

describe('compile errors carry the position', () => {
  it('rejects unknown functions, rand() included', () => {
    const error = compileFailure('"a" > 1 AND foo("a")');
    expect(error).toBeInstanceOf(LambdaError);
    expect(error.message).toBe('1:13: undefined function: "foo"');
    expect(error.position).toMatchObject({ line: 1, column: 13 });
    expect(compileFailure('rand() > 1').message).toMatch(/undefined function: "rand"/);
  });

  it('rejects argument counts no signature accepts', () => {
    expect(compileFailure("strReplace('a', 'b', 'c')").message).toMatch(/strReplace\(\) takes 4 argument\(s\), got 3/);
    expect(compileFailure('duration(1, 2, 3)').message).toMatch(/takes 1 or 2 argument\(s\)/);
  });

  it('rejects values that have no meaning in a lambda', () => {
    expect(compileFailure({ kind: 'Star', pos: AT }).message).toMatch(/\* is not a value/);
    expect(compileFailure({ kind: 'Identifier', name: 'limit', pos: AT }).message).toMatch(/undefined variable limit/);
    expect(compileFailure({ kind: 'List', items: [], pos: AT }).message).toMatch(/list is not a value/);
  });

  it('rejects regexes RE2 or JavaScript cannot run', () => {
    expect(compileFailure('"a" =~ /(?U)a+/').message).toMatch(/invalid regex/);
    expect(compileFailure('"a" =~ /a(/').message).toMatch(/invalid regex/);
    expect(compileFailure('"a" =~ /(a)\\1/').message).toMatch(/backreferences are not supported/);
  });
});

describe('formatExpr', () => {
  it.each(['"a" - ("b" - "c")', '("a" OR "b") AND "c"', "!(\"a\" == 'it\\'s')", '-"x" * 2.0', 'if("x" =~ /a\\/b/, 1s, 2m)', '"a" / "b" * "c"'])(
    'writes %s back as it reads',
    (source) => {
      const text = formatExpr(parseLambdaExpression(source));
      expect(text).toBe(source);
      expect(formatExpr(parseLambdaExpression(text))).toBe(text);
    },
  );
});

describe('specialised field-versus-literal comparisons agree with the general rules', () => {
  const numbers = fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.double(),
    fc.constantFrom(0, -0, 2 ** 53, 2n ** 53n + 1n, 9007199254740993n, 0.5),
  );
  const literals = fc.oneof(fc.integer({ min: -5, max: 5 }).map((n) => [`${n < 0 ? `-${-n}` : n}`, BigInt(n)] as const), fc.constantFrom(['2.5', 2.5] as const, ['0.0', 0] as const));

  it.each(['==', '!=', '<', '<=', '>', '>='])('for %s', (op) => {
    fc.assert(
      fc.property(numbers, literals, (value, [text, literal]) => {
        const fast = instance(`"v" ${op} ${text}`).evaluate(point({ v: value }));
        const general = instance(`"v" ${op} "w"`).evaluate(point({ v: value, w: literal }));
        const mirrored = instance(`${text} ${op} "v"`).evaluate(point({ v: value }));
        const generalMirrored = instance(`"w" ${op} "v"`).evaluate(point({ v: value, w: literal }));
        expect(fast).toBe(general);
        expect(mirrored).toBe(generalMirrored);
      }),
    );
  });
});
