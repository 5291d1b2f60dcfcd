import { TimeValue } from './compiled-lambda';
import { failure, instance, point, run, runBool } from './lambda-test-kit.test';

const MISSING = /"x" is missing/;

describe('scope: fields, tags, time and missing values', () => {
  it('reads fields, then tags (always strings)', () => {
    expect(run('"value" > 1 AND "host" == \'web\'', { value: 2n }, { host: 'web' })).toBe(true);
    expect(run('"host"', {}, { host: 'web' })).toBe('web');
  });

  it('fails when a referenced name is both a field and a tag, and only then', () => {
    expect(failure('"host" == \'a\'', { host: 'a' }, { host: 'a' })).toMatch(/field and tags with same name "host"/);
    expect(run('"value" > 1', { value: 2n, host: 'a' }, { host: 'a' })).toBe(true);
  });

  it('gives "time" the point time, whatever fields exist', () => {
    expect(run('"time"', { time: 5n }, {}, 42n)).toEqual(new TimeValue(42n));
    expect(run('unixNano("time")', {}, {}, 1_700_000_000_000_000_000n)).toBe(1_700_000_000_000_000_000n);
    expect(failure('"time" > 5')).toMatch(/got time > int/);
  });

  it('does not confuse missing names with Object.prototype members', () => {
    expect(run('isPresent("constructor")')).toBe(false);
    expect(run('isPresent("__proto__")')).toBe(false);
    expect(run('"toString"', {}, { toString: 'tag' })).toBe('tag');
  });

  it('reads names that are neither field nor tag from the caller scope (earlier eval results)', () => {
    const lambda = instance('"doubled" + 1');
    expect(lambda.evaluate(point({}), new Map([['doubled', 8n]]))).toBe(9n);
    expect(lambda.evaluate(point({ doubled: 1n }), new Map([['doubled', 8n]]))).toBe(2n);
    expect(() => lambda.evaluate(point({}), new Map())).toThrow(/"doubled" is missing/);
  });
});

describe('missing values are errors for every operator and function but isPresent', () => {
  it.each(['"x" > 1', '"x" + 1', '-"x"', '!"x"', '"x" =~ /a/', 'abs("x")', 'string("x")', 'if(TRUE, "x", 1)', '"x"'])('%s', (source) => {
    expect(failure(source)).toMatch(MISSING);
  });

  it('lets isPresent see missing fields and tags', () => {
    expect(run('isPresent("x")')).toBe(false);
    expect(run('isPresent("x")', { x: 0n })).toBe(true);
    expect(run('isPresent("x")', {}, { x: '' })).toBe(true);
  });

  it('keeps isPresent to its Kapacitor signatures: no time, duration or regex', () => {
    expect(failure('isPresent("time")')).toMatch(/cannot call function "isPresent" with args \(time\)/);
  });

  it('reports the missing reference with its position', () => {
    expect(failure('1 < "x"')).toMatch(/^1:5: "x" is missing/);
  });
});

describe('AND / OR short-circuit', () => {
  it('skips the right side once the left side decides', () => {
    expect(runBool('TRUE OR "x" > 1')).toBe(true);
    expect(runBool('FALSE AND "x" > 1')).toBe(false);
    expect(runBool('isPresent("x") AND "x" > 1')).toBe(false);
    expect(runBool('isPresent("x") AND "x" > 1', { x: 2n })).toBe(true);
    expect(runBool('!isPresent("x") OR "x" > 1')).toBe(true);
  });

  it('evaluates left to right, so a missing field on the left still fails', () => {
    expect(failure('"x" > 1 OR TRUE')).toMatch(MISSING);
  });

  it('type-checks a bare reference operand before short-circuiting (Kapacitor caveat)', () => {
    expect(failure('TRUE OR "x"')).toMatch(MISSING);
    expect(failure('FALSE AND "x"')).toMatch(MISSING);
    expect(failure('FALSE AND "x"', { x: 1n })).toMatch(/got bool AND int/);
    expect(runBool('"x" OR FALSE', { x: true })).toBe(true);
    expect(runBool('FALSE AND "x"', { x: true })).toBe(false);
  });

  it('type-checks function-call operands, whose missing arguments then fail', () => {
    expect(failure("isPresent(\"x\") AND strContains(\"x\", 'a')")).toMatch(MISSING);
    expect(runBool("isPresent(\"x\") AND strContains(\"x\", 'a')", { x: 'cat' })).toBe(true);
  });
});

describe('predicates', () => {
  it('reject non-bool results', () => {
    expect(() => instance('"x" + 1').evaluateBool(point({ x: 1n }))).toThrow(/unexpected type int, expected bool/);
    expect(() => instance('"flag"').evaluateBool(point({}))).toThrow(/"flag" is missing/);
    expect(instance('"flag"').evaluateBool(point({ flag: true }))).toBe(true);
  });
});
