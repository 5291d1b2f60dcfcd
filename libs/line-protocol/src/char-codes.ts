/** Character codes the scanner compares against. */
export const NUL = 0;
export const TAB = 9;
export const NEWLINE = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const COMMA = 44;
export const MINUS = 45;
export const EQUALS = 61;
export const BACKSLASH = 92;
