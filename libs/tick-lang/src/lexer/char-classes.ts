/**
 * Character classes of the TICKscript lexer, matching Go's `unicode` predicates that Kapacitor's
 * lexer uses (`tick/ast/lex.go`).
 */

const LETTER = /^\p{L}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

function isAsciiLetter(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z');
}

/** `unicode.IsLetter`: an identifier starts with a letter (not `_`, not a digit). */
export function isLetter(char: string): boolean {
  if (char.length === 1 && char < '\u0080') return isAsciiLetter(char);
  return LETTER.test(char);
}

/** Identifier continuation: letters, Unicode decimal digits and `_`. */
export function isIdentChar(char: string): boolean {
  if (char.length === 1 && char < '\u0080') return isAsciiLetter(char) || isAsciiDigit(char) || char === '_';
  return LETTER.test(char) || DECIMAL_DIGIT.test(char);
}

/** Numbers and durations are written with ASCII digits only. */
export function isAsciiDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** `unicode.IsSpace`: Latin-1 spaces plus the Unicode White_Space characters. */
export function isSpace(char: string): boolean {
  switch (char) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case '\u0085':
    case '\u00a0':
    case '\u1680':
    case '\u2028':
    case '\u2029':
    case '\u202f':
    case '\u205f':
    case '\u3000':
      return true;
    default:
      return char >= '\u2000' && char <= '\u200a';
  }
}

/** Duration units; `u` and `µ` (U+00B5, the micro sign) both mean microseconds. */
export const DURATION_UNITS = ['u', 'µ', 'ms', 's', 'm', 'h', 'd', 'w'] as const;
