/**
 * Character-class pieces of the RE2 to JavaScript translation, written as JavaScript class
 * contents (what goes between `[` and `]`, in `u` mode).
 */

/** A code-point range, both ends included. */
type Range = readonly [number, number];

/** Go's `\s` is ASCII-only and, unlike JavaScript's, leaves out `\v` and the Unicode spaces. */
const SPACE: readonly Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];

const POSIX: Readonly<Record<string, readonly Range[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0x5f, 0x5f],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const MAX_CODE_POINT = 0x10ffff;

function complement(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of sorted) {
    if (low > next) result.push([next, low - 1]);
    next = Math.max(next, high + 1);
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}

function classText(ranges: readonly Range[]): string {
  return ranges.map(([low, high]) => (low === high ? codePoint(low) : `${codePoint(low)}-${codePoint(high)}`)).join('');
}

/** A code point written as an escape that is valid anywhere in a `u`-mode pattern. */
export function codePoint(value: number): string {
  return `\\u{${value.toString(16)}}`;
}

/** Class contents for Go's `\s` or `\S`. */
export function spaceClass(negated: boolean): string {
  return classText(negated ? complement(SPACE) : SPACE);
}

/** Class contents for `[:name:]` or `[:^name:]`, or undefined for an unknown name. */
export function posixClass(name: string, negated: boolean): string | undefined {
  const ranges = POSIX[name];
  if (ranges === undefined) return undefined;
  return classText(negated ? complement(ranges) : ranges);
}

/**
 * `\pX`, `\p{Name}` and `\p{^Name}` in JavaScript syntax. RE2 names are general categories
 * (`L`, `Lu`), `Any`, or scripts (`Greek`), which JavaScript spells `Script=Greek`.
 */
export function unicodeClass(name: string, negated: boolean): string {
  const invert = name.startsWith('^') ? !negated : negated;
  const bare = name.startsWith('^') ? name.slice(1) : name;
  const property = /^[A-Z][a-z]?$/.test(bare) || bare === 'Any' ? bare : `Script=${bare}`;
  return `\\${invert ? 'P' : 'p'}{${property}}`;
}
