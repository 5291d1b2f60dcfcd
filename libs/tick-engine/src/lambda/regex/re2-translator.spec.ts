import { AT } from '../lambda-test-kit.test';
import { compileRegexLiteral } from './compile-regex';
import { Re2SyntaxError, translateRe2 } from './re2-translator';

function matches(pattern: string, text: string): boolean {
  return compileRegexLiteral(pattern, AT).test(text);
}

describe('RE2 semantics that JavaScript spells differently', () => {
  it('lets . match \\r but not \\n, unless (?s)', () => {
    expect(matches('a.b', 'a\rb')).toBe(true);
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('(?s)a.b', 'a\nb')).toBe(true);
  });

  it('keeps \\s to ASCII space, tab, CR, LF and FF', () => {
    expect(matches('^\\s$', '\v')).toBe(false);
    expect(matches('^\\s$', '\u00a0')).toBe(false);
    expect(matches('^\\s$', '\f')).toBe(true);
    expect(matches('^\\S$', '\v')).toBe(true);
    expect(matches('^[\\s]$', '\t')).toBe(true);
    expect(matches('^[^\\s]$', ' ')).toBe(false);
  });

  it('anchors ^ and $ to \\n only under (?m), and to the whole text otherwise', () => {
    expect(matches('^b', 'a\nb')).toBe(false);
    expect(matches('(?m)^b', 'a\nb')).toBe(true);
    expect(matches('(?m)^b', 'a\rb')).toBe(false);
    expect(matches('(?m)a$', 'a\nb')).toBe(true);
    expect(matches('\\Aa', 'ba')).toBe(false);
    expect(matches('b\\z', 'ab')).toBe(true);
  });

  it('applies flags from where they appear to the end of the group, across alternatives', () => {
    expect(matches('^(?i)abc$', 'ABC')).toBe(true);
    expect(matches('^a(?i)b|c$', 'aB')).toBe(true);
    expect(matches('^a(?i)b|c$', 'C')).toBe(true);
    expect(matches('^a(?i)b|c$', 'AB')).toBe(false);
    expect(matches('^(a(?i)b)c$', 'aBc')).toBe(true);
    expect(matches('^(a(?i)b)c$', 'aBC')).toBe(false);
    expect(matches('^(?i:a)b$', 'Ab')).toBe(true);
    expect(matches('^(?i:a)b$', 'AB')).toBe(false);
    expect(matches('(?i)a(?-i)b', 'Ab')).toBe(true);
    expect(matches('(?i)a(?-i)b', 'AB')).toBe(false);
  });

  it('supports named groups, \\Q..\\E, POSIX and Unicode classes, hex and octal escapes', () => {
    expect(compileRegexLiteral('(?P<host>\\w+)', AT).exec('web01')?.groups?.['host']).toBe('web01');
    expect(matches('^\\Qa.b*\\E$', 'a.b*')).toBe(true);
    expect(matches('^\\Qa.b*\\E$', 'axbb')).toBe(false);
    expect(matches('^[[:alpha:]]+$', 'abcXYZ')).toBe(true);
    expect(matches('^[[:^digit:]]$', '5')).toBe(false);
    expect(matches('^\\pL$', 'é')).toBe(true);
    expect(matches('^\\p{Greek}$', 'α')).toBe(true);
    expect(matches('^\\PL$', '1')).toBe(true);
    expect(matches('^\\x41\\x{42}\\103$', 'ABC')).toBe(true);
  });

  it('treats braces that are not repetitions, and ] first in a class, as literals', () => {
    expect(matches('^a{2}$', 'aa')).toBe(true);
    expect(matches('^a{,2}$', 'a{,2}')).toBe(true);
    expect(matches('^[]a]+$', ']a]')).toBe(true);
    expect(matches('^[^]a]$', 'b')).toBe(true);
    expect(matches('^a\\-b$', 'a-b')).toBe(true);
  });

  it('rejects what RE2 rejects or JavaScript cannot do', () => {
    expect(() => translateRe2('(a)\\1')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('(?U)a*')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('(?=a)')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('a)')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('(a')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('[a')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('\\q')).toThrow(Re2SyntaxError);
    expect(() => translateRe2('[[:bogus:]]')).toThrow(Re2SyntaxError);
  });
});
