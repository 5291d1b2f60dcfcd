import { TickScriptError } from '../diagnostics/tick-script-error';
import { lex } from './lexer';
import { decodeDuration, decodeNumber } from './literal-values';

const kinds = (source: string) => lex(source).map((token) => token.kind);
const values = (source: string) => lex(source).filter((token) => token.kind !== 'eof').map((token) => token.value);

function lexError(source: string): TickScriptError {
  try {
    lex(source);
  } catch (error) {
    if (error instanceof TickScriptError) return error;
    throw error;
  }
  throw new Error(`expected a lexer error for ${source}`);
}

describe('lex', () => {
  it('splits a declaration and a chain into tokens', () => {
    expect(kinds("var x = 5\nstream|from().measurement('cpu')")).toEqual([
      'var', 'ident', '=', 'number', 'ident', '|', 'ident', '(', ')', '.', 'ident', '(', 'string', ')', 'eof',
    ]);
  });

  it('recognises keywords in upper case only, and lambda only with its colon', () => {
    expect(kinds('AND OR TRUE FALSE and or true lambda: lambda')).toEqual([
      'AND', 'OR', 'TRUE', 'FALSE', 'ident', 'ident', 'ident', 'lambda', 'ident', 'eof',
    ]);
    expect(lex('lambda: 1')[0]?.text).toBe('lambda:');
  });

  it('keeps the dbrp keyword', () => {
    expect(kinds('dbrp "telegraf"."autogen"')).toEqual(['dbrp', 'reference', '.', 'reference', 'eof']);
    expect(values('dbrp "telegraf"."autogen"')).toEqual(['dbrp', 'telegraf', '.', 'autogen']);
  });

  describe('strings', () => {
    it('only unescapes \\\' in single-quoted strings', () => {
      expect(values("'it\\'s'")).toEqual(["it's"]);
      expect(values("'a\\nb'")).toEqual(['a\\nb']);
      expect(values("''")).toEqual(['']);
    });

    it('reads triple-quoted strings raw, across lines', () => {
      expect(values("'''line 1\nit's \\' raw'''")).toEqual(["line 1\nit's \\' raw"]);
      expect(values("''''''")).toEqual(['']);
    });

    it('reports an unterminated string at its opening quote', () => {
      const error = lexError("var s = 'abc");
      expect([error.line, error.column]).toEqual([1, 9]);
      expect(error.message).toContain('unterminated string');
    });
  });

  it('reads double-quoted references with \\" as the only escape', () => {
    expect(values('"usage idle" "say \\"hi\\"" "a\\b"')).toEqual(['usage idle', 'say "hi"', 'a\\b']);
    expect(lexError('"open').message).toContain('unterminated reference');
  });

  describe('numbers and durations', () => {
    it('tells ints, floats and durations apart', () => {
      expect(kinds('10 10.5 .5 5. 10s')).toEqual(['number', 'number', 'number', 'number', 'duration', 'eof']);
    });

    it('never lexes a negative number: minus is an operator', () => {
      expect(kinds('-5')).toEqual(['-', 'number', 'eof']);
    });

    it('decodes a leading 0 as octal', () => {
      expect(decodeNumber('010')).toEqual({ ok: true, value: { kind: 'Int', value: 8n } });
      expect(decodeNumber('0')).toEqual({ ok: true, value: { kind: 'Int', value: 0n } });
      expect(decodeNumber('09').ok).toBe(false);
      expect(decodeNumber('9223372036854775808').ok).toBe(false);
    });

    it.each([
      ['1u', 1_000n],
      ['1µ', 1_000n],
      ['1ms', 1_000_000n],
      ['1s', 1_000_000_000n],
      ['2m', 120_000_000_000n],
      ['1h', 3_600_000_000_000n],
      ['1d', 86_400_000_000_000n],
      ['1w', 604_800_000_000_000n],
    ])('reads the duration %s', (text, ns) => {
      expect(kinds(text)).toEqual(['duration', 'eof']);
      expect(decodeDuration(text)).toEqual({ ok: true, value: ns });
    });

    it.each([
      ['1.5s', 'whole number'],
      ['1h30m', 'compound'],
      ['10ns', 'smallest unit'],
      ['1e3', 'exponent'],
      ['10x', 'invalid number or duration'],
    ])('rejects %s', (text, reason) => {
      const error = lexError(`var d = ${text}`);
      expect(error.message).toContain(reason);
      expect(error.column).toBe(9);
    });

    it('rejects a second decimal point', () => {
      expect(lexError('1.2.3').message).toContain('multiple decimal points');
    });
  });

  describe('regexes', () => {
    it('reads a regex after =~ and unescapes \\/', () => {
      const tokens = lex('"host" =~ /^web\\/\\d+$/');
      expect(tokens.map((token) => token.kind)).toEqual(['reference', '=~', 'regex', 'eof']);
      expect(tokens[2]?.value).toBe('^web/\\d+$');
    });

    it('reads / after an operand as division and before an operand as a regex', () => {
      expect(kinds('"a" / 2')).toEqual(['reference', '/', 'number', 'eof']);
      expect(kinds('f(/x/, "a") / 3')).toEqual(['ident', '(', 'regex', ',', 'reference', ')', '/', 'number', 'eof']);
      expect(kinds('x = /a b/')).toEqual(['ident', '=', 'regex', 'eof']);
    });

    it('treats // as a comment everywhere', () => {
      expect(kinds('stream // the source\n|from()')).toEqual(['ident', 'comment', '|', 'ident', '(', ')', 'eof']);
      expect(values('// note\nx')).toEqual([' note', 'x']);
    });
  });

  it('lexes all operators and punctuation between operands', () => {
    const operators = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '=~', '!~', 'AND', 'OR'];
    for (const operator of operators) expect(kinds(`1 ${operator} 2`)).toEqual(['number', operator, 'number', 'eof']);
    expect(kinds('! = ( ) [ ] , . | @')).toEqual(['!', '=', '(', ')', '[', ']', ',', '.', '|', '@', 'eof']);
  });

  it('gives 1-based line and column positions, counting characters', () => {
    const tokens = lex("stream\n  |from()\n    .measurement('é') .as('x')");
    const as = tokens.find((token) => token.text === 'as');
    expect(as?.pos).toEqual({ line: 3, column: 24, offset: 40 });
    expect(tokens[1]?.pos).toEqual({ line: 2, column: 3, offset: 9 });
  });

  it('reports unknown characters with their position and a hint when useful', () => {
    const hash = lexError('stream\n  |from() # x');
    expect([hash.line, hash.column, hash.message]).toEqual([2, 11, 'unexpected character "#"']);
    expect(lexError('lambda : 1').message).toContain('no space before the colon');
    expect(lexError('_x').message).toContain('must start with a letter');
  });

  it('accepts Unicode letters in identifiers and Unicode spaces between tokens', () => {
    expect(values('var préço\u00a0= 1')).toEqual(['var', 'préço', '=', '1']);
  });
});
