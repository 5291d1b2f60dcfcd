/**
 * The lexer of Go's text/template (`text/template/parse/lex.go`), producing the whole token list
 * at once: template text, `{{`/`}}` with their `-` trim markers applied to the neighbouring text,
 * comments dropped, and the tokens inside actions.
 */
export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'char'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  readonly value: string;
  /** Offset in the source. */
  readonly pos: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const SPACE = /[ \t\r\n]/;

const isSpace = (c: string): boolean => c !== '' && SPACE.test(c);
const isAlphaNumeric = (c: string): boolean => c !== '' && (c === '_' || /[\p{L}\p{Nd}]/u.test(c));

export function lexTemplate(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  while (pos <= source.length) {
    const open = source.indexOf('{{', pos);
    const end = open < 0 ? source.length : open;
    const trimLeft = open >= 0 && source.charAt(open + 2) === '-' && isSpace(source.charAt(open + 3));
    let text = source.slice(pos, end);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') tokens.push({ type: 'text', value: text, pos });
    if (open < 0) break;
    const inner = open + 2 + (trimLeft ? 2 : 0);
    if (source.startsWith('/*', inner)) {
      [pos, trimNextText] = skipComment(source, open, inner);
      continue;
    }
    tokens.push({ type: 'leftDelim', value: '{{', pos: open });
    [pos, trimNextText] = lexAction(source, inner, tokens);
  }
  tokens.push({ type: 'eof', value: '', pos: source.length });
  return tokens;
}

/** A comment must fill the whole action: `{{/* c *\/}}` or `{{- /* c *\/ -}}`. */
function skipComment(source: string, open: number, inner: number): [number, boolean] {
  const close = source.indexOf('*/', inner + 2);
  if (close < 0) throw new LexError('unclosed comment', open);
  const after = close + 2;
  const right = rightDelimAt(source, after);
  if (right === undefined) throw new LexError('comment ends before closing delimiter', open);
  return [right.end, right.trim];
}

/** `}}` or ` -}}` (any space character before the dash) at `pos`. */
function rightDelimAt(source: string, pos: number): { end: number; trim: boolean } | undefined {
  if (isSpace(source.charAt(pos)) && source.startsWith('-}}', pos + 1)) return { end: pos + 4, trim: true };
  if (source.startsWith('}}', pos)) return { end: pos + 2, trim: false };
  return undefined;
}

function lexAction(source: string, start: number, tokens: Token[]): [number, boolean] {
  let pos = start;
  let parens = 0;
  for (;;) {
    const right = rightDelimAt(source, pos);
    if (right !== undefined) {
      if (parens > 0) throw new LexError('unclosed left paren', pos);
      tokens.push({ type: 'rightDelim', value: '}}', pos });
      return [right.end, right.trim];
    }
    if (pos >= source.length) throw new LexError('unclosed action', start);
    const c = source.charAt(pos);
    const tokenStart = pos;
    const push = (type: TokenType, endPos: number): void => {
      tokens.push({ type, value: source.slice(tokenStart, endPos), pos: tokenStart });
      pos = endPos;
    };
    if (isSpace(c)) {
      let end = pos;
      // A space that starts " -}}" belongs to the closing delimiter.
      while (isSpace(source.charAt(end)) && rightDelimAt(source, end)?.trim !== true) end++;
      push('space', end);
    } else if (c === '=') push('assign', pos + 1);
    else if (c === ':') {
      if (source.charAt(pos + 1) !== '=') throw new LexError('expected :=', pos);
      push('declare', pos + 2);
    } else if (c === '|') push('pipe', pos + 1);
    else if (c === '"' || c === "'") push(c === '"' ? 'string' : 'charConstant', quotedEnd(source, pos, c));
    else if (c === '`') {
      const close = source.indexOf('`', pos + 1);
      if (close < 0) throw new LexError('unterminated raw quoted string', pos);
      push('rawString', close + 1);
    } else if (c === '$') push('variable', alphaNumericEnd(source, pos + 1));
    else if (c === '.' && !/[0-9]/.test(source.charAt(pos + 1))) {
      const end = alphaNumericEnd(source, pos + 1);
      push(end === pos + 1 ? 'dot' : 'field', end);
    } else if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) push('number', numberEnd(source, pos));
    else if (isAlphaNumeric(c)) {
      const end = alphaNumericEnd(source, pos);
      const word = source.slice(pos, end);
      const type: TokenType = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier';
      push(type, end);
    } else if (c === '(') {
      parens++;
      push('leftParen', pos + 1);
    } else if (c === ')') {
      parens--;
      if (parens < 0) throw new LexError('unexpected right paren', pos);
      push('rightParen', pos + 1);
    } else if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) > 0x20) push('char', pos + 1);
    else throw new LexError(`unrecognized character in action: ${JSON.stringify(c)}`, pos);
  }
}

function alphaNumericEnd(source: string, start: number): number {
  let end = start;
  while (isAlphaNumeric(source.charAt(end))) end++;
  return end;
}

function quotedEnd(source: string, start: number, quote: string): number {
  for (let i = start + 1; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '\n') break;
    if (c === quote) return i + 1;
  }
  throw new LexError(quote === '"' ? 'unterminated quoted string' : 'unterminated character constant', start);
}

/** Go's scanNumber: sign, base prefix, digits with `_`, fraction, exponent, imaginary `i`. */
function numberEnd(source: string, start: number): number {
  let i = start;
  const accept = (chars: string): boolean => {
    if (i < source.length && chars.includes(source.charAt(i))) {
      i++;
      return true;
    }
    return false;
  };
  const acceptRun = (chars: string): void => {
    while (accept(chars));
  };
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  accept('i');
  if (isAlphaNumeric(source.charAt(i))) throw new LexError(`bad number syntax: "${source.slice(start, i + 1)}"`, start);
  return i;
}
