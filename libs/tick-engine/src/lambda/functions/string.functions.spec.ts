import { compileFailure, failure, run } from '../lambda-test-kit.test';

describe('string predicates', () => {
  it.each([
    ["strContains('seafood', 'foo')", true],
    ["strContains('seafood', '')", true],
    ["strContainsAny('failure', 'ui')", true],
    ["strContainsAny('foo', '')", false],
    ["strHasPrefix('Gopher', 'Go')", true],
    ["strHasSuffix('Amigo', 'go')", true],
    ["strHasSuffix('Amigo', 'Ami')", false],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });
});

describe('string indexes count UTF-8 bytes, as Go does', () => {
  it.each([
    ["strCount('cheese', 'e')", 3n],
    ["strCount('five', '')", 5n],
    ["strCount('ééé', '')", 4n],
    ["strIndex('chicken', 'ken')", 4n],
    ["strIndex('chicken', 'dmr')", -1n],
    ["strIndex('héllo', 'l')", 3n],
    ["strIndexAny('golang', 'ny')", 4n],
    ["strIndexAny('héllo', 'ol')", 3n],
    ["strLastIndex('go gopher', 'go')", 3n],
    ["strLastIndex('héllo', '')", 6n],
    ["strLastIndexAny('go gopher', 'go')", 4n],
    ["strLastIndexAny('go gopher', '')", -1n],
    ["strLength('héllo')", 6n],
    ["strLength('😀')", 4n],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });
});

describe('string transformations', () => {
  it.each([
    ["strToLower('HÉLLO')", 'héllo'],
    ["strToUpper('straße')", 'STRAßE'],
    ["strTrimSpace(' \t x y \n')", 'x y'],
    ["strTrim('xxhixx', 'x')", 'hi'],
    ["strTrim('¡¡¡Hello, Gophers!!!', '!¡')", 'Hello, Gophers'],
    ["strTrimLeft('xxhixx', 'x')", 'hixx'],
    ["strTrimRight('xxhixx', 'x')", 'xxhi'],
    ["strTrimPrefix('prefix-body', 'prefix-')", 'body'],
    ["strTrimPrefix('body', 'prefix-')", 'body'],
    ["strTrimSuffix('body.tmp', '.tmp')", 'body'],
    ["strReplace('oink oink oink', 'k', 'ky', 2)", 'oinky oinky oink'],
    ["strReplace('oink oink oink', 'oink', 'moo', -1)", 'moo moo moo'],
    ["strReplace('oink', 'k', 'x', 0)", 'oink'],
    ["strReplace('abc', '', '-', -1)", '-a-b-c-'],
    ["strReplace('abc', '', '-', 2)", '-a-bc'],
    ["strSubstring('hello', 1, 3)", 'el'],
    ["strSubstring('héllo', 0, 3)", 'hé'],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('trims what Go calls space: NBSP and NEL yes, the BOM no', () => {
    expect(run('strTrimSpace("s")', { s: '\u00a0\u0085x\u2003' })).toBe('x');
    expect(run('strTrimSpace("s")', { s: '\ufeffx' })).toBe('\ufeffx');
  });

  it('refuses substring bounds Kapacitor refuses (stop can never reach the last byte)', () => {
    expect(failure("strSubstring('hello', 0, 5)")).toMatch(/stop index too large/);
    expect(failure("strSubstring('hello', -1, 2)")).toMatch(/negative index/);
    expect(failure("strSubstring('hello', 3, 1)")).toMatch(/slice bounds out of range/);
  });

  it('wants strings and the exact argument count', () => {
    expect(failure('strLength("n")', { n: 1n })).toMatch(/cannot call function "strLength" with args \(int\)/);
    expect(compileFailure("strReplace('a', 'b', 'c')").message).toMatch(/takes 4 argument/);
    expect(failure("strReplace('a', 'b', 'c', 1.0)")).toMatch(/cannot call function "strReplace"/);
  });
});
