import { SourcePositions } from '../diagnostics/source-position';
import { TickScriptError } from '../diagnostics/tick-script-error';
import { isAsciiDigit, isIdentChar, isLetter, isSpace } from './char-classes';
import type { Token, TokenKind } from './token';

const KEYWORDS: Readonly<Record<string, TokenKind>> = {
  AND: 'AND',
  OR: 'OR',
  TRUE: 'TRUE',
  FALSE: 'FALSE',
  var: 'var',
  dbrp: 'dbrp',
};

/** After one of these tokens an operator is expected, so `/` divides instead of opening a regex. */
const OPERAND_ENDINGS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'ident', 'number', 'duration', 'string', 'reference', 'regex', 'TRUE', 'FALSE', ')', ']',
]);

const SINGLE_CHAR_TOKENS: Readonly<Record<string, TokenKind>> = {
  '(': '(', ')': ')', '[': '[', ']': ']', ',': ',', '|': '|', '@': '@',
  '+': '+', '-': '-', '*': '*', '%': '%',
};

/**
 * Splits a TICKscript into tokens, ending with an `eof` token. Comments are kept as `comment`
 * tokens (the parser skips them). Throws a TickScriptError at the first character that cannot
 * start or continue a token.
 */
export function lex(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private readonly positions: SourcePositions;
  private readonly tokens: Token[] = [];
  private index = 0;

  constructor(private readonly source: string) {
    this.positions = new SourcePositions(source);
    // A byte-order mark at the very start is an editor artefact, not script text.
    if (source.startsWith('\ufeff')) this.index = 1;
  }

  run(): Token[] {
    for (;;) {
      const char = this.peek();
      if (char === '') break;
      if (isSpace(char)) this.index += char.length;
      else this.lexToken(char);
    }
    this.emit('eof', this.index, '');
    return this.tokens;
  }

  private lexToken(char: string): void {
    const start = this.index;
    if (isLetter(char)) return this.lexIdentOrKeyword(start);
    if (isAsciiDigit(char) || (char === '.' && isAsciiDigit(this.peek(1)))) return this.lexNumberOrDuration(start);
    switch (char) {
      case '"':
        return this.lexReference(start);
      case "'":
        return this.lexString(start);
      case '/':
        if (this.peek(1) === '/') return this.lexComment(start);
        if (this.operandExpected()) return this.lexRegex(start);
        this.index++;
        return this.emit('/', start);
      case '.':
        this.index++;
        return this.emit('.', start);
      case '=':
      case '!':
        return this.lexEqualsOrBang(start, char);
      case '<':
      case '>':
        this.index += this.peek(1) === '=' ? 2 : 1;
        return this.emit(this.source.slice(start, this.index) as TokenKind, start);
    }
    const single = SINGLE_CHAR_TOKENS[char];
    if (single === undefined) throw this.unexpectedCharacter(char, start);
    this.index++;
    this.emit(single, start);
  }

  private lexIdentOrKeyword(start: number): void {
    while (isIdentChar(this.peek())) this.index += this.peek().length;
    const word = this.source.slice(start, this.index);
    // `lambda` is a keyword only when the colon follows at once; otherwise a plain identifier.
    if (word === 'lambda' && this.peek() === ':') {
      this.index++;
      return this.emit('lambda', start);
    }
    this.emit(KEYWORDS[word] ?? 'ident', start);
  }

  private lexNumberOrDuration(start: number): void {
    let sawDecimal = false;
    for (;;) {
      const char = this.peek();
      if (isAsciiDigit(char)) this.index++;
      else if (char === '.' && !sawDecimal) {
        sawDecimal = true;
        this.index++;
      } else if (char === '.') throw this.error('multiple decimal points in number', start);
      else break;
    }
    if (!sawDecimal) {
      const unit = this.durationUnitAt(this.index);
      if (unit !== '') {
        this.index += unit.length;
        this.rejectGlued(start);
        return this.emit('duration', start);
      }
    }
    this.rejectGlued(start);
    this.emit('number', start);
  }

  /** A number or duration glued to more letters or digits is a malformed literal. */
  private rejectGlued(start: number): void {
    if (!isIdentChar(this.peek())) return;
    let end = this.index;
    while (end < this.source.length && isIdentChar(this.charAt(end))) end += this.charAt(end).length;
    const word = this.source.slice(start, end);
    throw this.error(explainBadLiteral(word), start);
  }

  private durationUnitAt(index: number): string {
    const char = this.charAt(index);
    if (char === 'm' && this.charAt(index + 1) === 's') return 'ms';
    return 'uµsmhdw'.includes(char) && char !== '' ? char : '';
  }

  private lexReference(start: number): void {
    this.index++;
    let value = '';
    for (;;) {
      const char = this.peek();
      if (char === '') throw this.error('unterminated reference: a double-quoted name needs a closing "', start);
      if (char === '\\' && this.peek(1) === '"') {
        value += '"';
        this.index += 2;
      } else if (char === '"') {
        this.index++;
        return this.emit('reference', start, value);
      } else {
        value += char;
        this.index += char.length;
      }
    }
  }

  private lexString(start: number): void {
    if (this.source.startsWith("'''", start)) return this.lexRawString(start);
    this.index++;
    let value = '';
    for (;;) {
      const char = this.peek();
      if (char === '') throw this.error("unterminated string: a single-quoted string needs a closing '", start);
      // `\'` is the only escape; any other backslash stays as written.
      if (char === '\\' && this.peek(1) === "'") {
        value += "'";
        this.index += 2;
      } else if (char === "'") {
        this.index++;
        return this.emit('string', start, value);
      } else {
        value += char;
        this.index += char.length;
      }
    }
  }

  private lexRawString(start: number): void {
    const end = this.source.indexOf("'''", start + 3);
    if (end === -1) throw this.error("unterminated string: a ''' string needs a closing '''", start);
    this.index = end + 3;
    this.emit('string', start, this.source.slice(start + 3, end));
  }

  private lexRegex(start: number): void {
    this.index++;
    let value = '';
    for (;;) {
      const char = this.peek();
      if (char === '') throw this.error('unterminated regex: a regex literal needs a closing /', start);
      // `\/` is a slash inside the pattern; every other escape is RE2's business.
      if (char === '\\' && this.peek(1) === '/') {
        value += '/';
        this.index += 2;
      } else if (char === '/') {
        this.index++;
        return this.emit('regex', start, value);
      } else {
        value += char;
        this.index += char.length;
      }
    }
  }

  private lexComment(start: number): void {
    let end = this.source.indexOf('\n', start);
    if (end === -1) end = this.source.length;
    this.index = end;
    this.emit('comment', start, this.source.slice(start + 2, end).replace(/\r$/, ''));
  }

  private lexEqualsOrBang(start: number, char: string): void {
    const next = this.peek(1);
    if (next === '=' || next === '~') {
      this.index += 2;
      return this.emit(`${char}${next}` as TokenKind, start);
    }
    this.index++;
    this.emit(char as TokenKind, start);
  }

  private operandExpected(): boolean {
    for (let i = this.tokens.length - 1; i >= 0; i--) {
      const token = this.tokens[i];
      if (token && token.kind !== 'comment') return !OPERAND_ENDINGS.has(token.kind);
    }
    return true;
  }

  private unexpectedCharacter(char: string, start: number): TickScriptError {
    const previous = this.tokens[this.tokens.length - 1];
    if (char === ':' && previous?.kind === 'ident' && previous.text === 'lambda') {
      return this.error('unexpected ":": write lambda: with no space before the colon', start);
    }
    if (char === '_') return this.error('unexpected "_": identifiers must start with a letter', start);
    const shown = char === '\n' ? '\\n' : char;
    return this.error(`unexpected character "${shown}"`, start);
  }

  private emit(kind: TokenKind, start: number, value?: string): void {
    const text = this.source.slice(start, this.index);
    this.tokens.push({ kind, text, value: value ?? text, pos: this.positions.at(start) });
  }

  private error(message: string, offset: number): TickScriptError {
    return new TickScriptError(message, this.positions.at(offset), this.source);
  }

  /** The full character (code point) at `index + ahead` code units, or '' at the end. */
  private peek(ahead = 0): string {
    let index = this.index;
    for (let i = 0; i < ahead; i++) index += this.charAt(index).length || 1;
    return this.charAt(index);
  }

  private charAt(index: number): string {
    const code = this.source.codePointAt(index);
    return code === undefined ? '' : String.fromCodePoint(code);
  }
}

function explainBadLiteral(word: string): string {
  if (/^[0-9]*\.[0-9]*(ms|u|µ|s|m|h|d|w)$/.test(word)) {
    return `invalid duration ${word}: durations take a whole number (write e.g. 1500ms for 1.5s)`;
  }
  if (/^[0-9]+(ms|u|µ|s|m|h|d|w)[0-9]/.test(word)) {
    return `invalid duration ${word}: compound durations are not supported, write it in one unit (e.g. 90m for 1h30m)`;
  }
  if (/^[0-9]+ns$/.test(word)) {
    return `invalid duration ${word}: the smallest unit is u (microseconds); units are u, µ, ms, s, m, h, d, w`;
  }
  if (/^[0-9.]+[eE][0-9]/.test(word)) return `invalid number ${word}: TICKscript numbers have no exponent notation`;
  return `invalid number or duration ${word}: duration units are u, µ, ms, s, m, h, d, w`;
}
