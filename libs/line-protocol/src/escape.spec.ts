import { escapeFieldKey, escapeMeasurement, escapeTag, quoteString, unescapeName, unescapeString, unescapeTag } from './escape';

describe('unescaping', () => {
  it('removes a backslash before the characters each element knows, and keeps others', () => {
    expect(unescapeName('a\\,b\\ c\\=d\\"e\\\\f\\tg')).toBe('a,b c=d"e\\\\f\\tg');
    expect(unescapeTag('a\\,b\\ c\\=d\\"e\\\\f\\tg')).toBe('a,b c=d\\"e\\\\f\\tg');
    expect(unescapeString('a\\"b\\\\c\\,d\\')).toBe('a"b\\c\\,d\\');
  });

  it('lets a doubled backslash still escape the next character, as InfluxDB does', () => {
    expect(unescapeTag('\\\\,\\,\\=east')).toBe('\\,,=east');
    expect(unescapeName('x\\\\ y')).toBe('x\\ y');
  });

  it('returns the same string when there is nothing to unescape', () => {
    expect(unescapeName('plain')).toBe('plain');
    expect(unescapeTag('trailing\\')).toBe('trailing\\');
  });
});

describe('escaping', () => {
  it('escapes what each element requires', () => {
    expect(escapeMeasurement('a b,c=d"e')).toBe('a\\ b\\,c=d"e');
    expect(escapeTag('a b,c=d"e')).toBe('a\\ b\\,c\\=d"e');
    expect(escapeFieldKey('a b,c=d"e')).toBe('a\\ b\\,c\\=d"e');
    expect(quoteString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  });

  it('escapes a delimiter in the first position too', () => {
    expect(escapeTag(' x')).toBe('\\ x');
    expect(escapeFieldKey('=a')).toBe('\\=a');
    expect(escapeMeasurement(',m')).toBe('\\,m');
  });

  it('gives a quote or equals sign after a raw backslash its own backslash', () => {
    expect(escapeMeasurement('a\\"b\\=c')).toBe('a\\\\"b\\\\=c');
    expect(escapeFieldKey('a\\"b')).toBe('a\\\\"b');
    expect(escapeTag('a\\"b')).toBe('a\\"b');
  });

  it('refuses names line protocol cannot carry', () => {
    expect(() => escapeTag('ends\\')).toThrow(/ends with a backslash/);
    expect(() => escapeTag('two\nlines')).toThrow(/newline/);
    expect(() => escapeMeasurement('')).toThrow(/must not be empty/);
    expect(() => escapeFieldKey('\tkey')).toThrow(/cannot start with a tab/);
  });
});
