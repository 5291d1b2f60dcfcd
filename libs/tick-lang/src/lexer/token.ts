import type { Position } from '../ast';

/** Operators that may appear between two operands. `*` and `-` double as star and unary minus. */
export type OperatorKind =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '=~' | '!~'
  | 'AND' | 'OR';

export type PunctuationKind = '(' | ')' | '[' | ']' | ',' | '.' | '|' | '@' | '=' | '!';

export type TokenKind =
  | 'ident'
  /** Keywords. `lambda` is only a keyword when written `lambda:`; its text is then `lambda:`. */
  | 'var' | 'dbrp' | 'lambda' | 'TRUE' | 'FALSE'
  | 'number' | 'duration' | 'string' | 'reference' | 'regex'
  | 'comment'
  | OperatorKind
  | PunctuationKind
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The exact source text of the token. */
  readonly text: string;
  /**
   * The decoded value of strings (escapes removed), references (quotes removed, `\"` unescaped),
   * regexes (pattern between the slashes, `\/` unescaped) and comments (without `//`);
   * otherwise the same as `text`.
   */
  readonly value: string;
  readonly pos: Position;
}

/** How a token is named in error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of script';
    case 'ident':
      return `identifier ${token.text}`;
    case 'number':
    case 'duration':
      return `${token.kind} ${token.text}`;
    case 'string':
      return `string ${abbreviate(token.text)}`;
    case 'reference':
      return `reference ${abbreviate(token.text)}`;
    case 'regex':
      return `regex ${abbreviate(token.text)}`;
    case 'comment':
      return 'comment';
    default:
      return `"${token.text}"`;
  }
}

function abbreviate(text: string): string {
  const firstLine = text.split('\n')[0] ?? '';
  return firstLine.length > 40 || firstLine.length < text.length ? `${firstLine.slice(0, 40)}...` : text;
}
