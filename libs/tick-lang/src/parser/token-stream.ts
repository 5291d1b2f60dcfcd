import type { Position } from '../ast';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { Token, TokenKind } from '../lexer/token';
import { describeToken } from '../lexer/token';

/**
 * The parser's view of the tokens: comments removed, with lookahead. Reading past the end keeps
 * returning the `eof` token.
 */
export class TokenStream {
  private readonly tokens: readonly Token[];
  private index = 0;

  constructor(tokens: readonly Token[], readonly source: string) {
    this.tokens = tokens.filter((token) => token.kind !== 'comment');
  }

  peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (!token) throw new Error('token stream without an eof token');
    return token;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }

  /** Consumes the next token if it has the given kind. */
  accept(kind: TokenKind): Token | undefined {
    return this.at(kind) ? this.next() : undefined;
  }

  /** Consumes a token of the given kind or throws, saying what was wanted. */
  expect(kind: TokenKind, wanted: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, wanted);
    return this.next();
  }

  unexpected(token: Token, wanted: string): TickScriptError {
    return this.error(`unexpected ${describeToken(token)}, expected ${wanted}${hintFor(token, this.peekAfter(token))}`, token.pos);
  }

  error(message: string, pos: Position): TickScriptError {
    return new TickScriptError(message, pos, this.source);
  }

  /** Index of the next token, to tell whether parsing made progress. */
  get mark(): number {
    return this.index;
  }

  /**
   * Skips to the next `var` or `dbrp` keyword, where a new statement surely starts, always moving
   * past the token at `statementStart` so that recovery cannot loop.
   */
  skipToStatementStart(statementStart: number): void {
    if (this.index === statementStart) this.next();
    while (!this.at('eof') && !this.at('var') && !this.at('dbrp')) this.next();
  }

  private peekAfter(token: Token): Token | undefined {
    const i = this.tokens.indexOf(token);
    return i >= 0 ? this.tokens[i + 1] : undefined;
  }
}

/** Hints for mistakes people coming from other languages make. */
function hintFor(token: Token, following: Token | undefined): string {
  if (token.kind === '=') return ' (use == to compare)';
  if (token.kind === '|' && following?.kind === '|') return ' (use OR instead of ||)';
  if (token.kind === 'ident' && (token.text === 'and' || token.text === 'or')) {
    return ` (logical operators are upper case: ${token.text.toUpperCase()})`;
  }
  if (token.kind === 'ident' && (token.text === 'true' || token.text === 'false')) {
    return ` (booleans are upper case: ${token.text.toUpperCase()})`;
  }
  return '';
}
