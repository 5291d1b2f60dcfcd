/**
 * The `pattern` of Kapacitor's list endpoints: a glob with the syntax and meaning of Go's
 * `path.Match`, which Kapacitor's `storage.IndexedStore.list` applies to each id.
 *
 * - `*` matches any run of characters other than `/`, `?` any one character other than `/`;
 * - `[abc]`, `[a-z]`, `[^a-z]` match one character (any, `/` included) in or out of a class;
 *   a class needs at least one range, and `-` or `]` in one must be escaped;
 * - `\c` matches `c` itself, in a class too.
 *
 * Kapacitor ignores `path.Match`'s error, so a malformed pattern (an unclosed class, a trailing
 * `\`, an empty class) matches no task: `kapacitor delete tasks '['` deletes nothing.
 */
export class TaskPattern {
  private constructor(private readonly tokens: readonly PatternToken[] | 'every id' | undefined) {}

  /** The empty pattern matches every id (not only those without `/`): Kapacitor does not match without one. */
  static parse(pattern: string): TaskPattern {
    return new TaskPattern(pattern === '' ? 'every id' : tokenize(pattern));
  }

  /** False for every id when the pattern is malformed. */
  get wellFormed(): boolean {
    return this.tokens !== undefined;
  }

  matches(id: string): boolean {
    if (this.tokens === 'every id') return true;
    return this.tokens !== undefined && matchFrom(this.tokens, 0, Array.from(id), 0);
  }
}

type PatternToken =
  | { readonly kind: 'star' }
  | { readonly kind: 'any' }
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] };

/** The pattern's tokens, or undefined when Go's `path.Match` would answer ErrBadPattern. */
function tokenize(pattern: string): PatternToken[] | undefined {
  const chars = Array.from(pattern);
  const tokens: PatternToken[] = [];
  let at = 0;
  while (at < chars.length) {
    const char = chars[at] as string;
    if (char === '*') {
      tokens.push({ kind: 'star' });
      at++;
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
      at++;
    } else if (char === '\\') {
      const escaped = chars[at + 1];
      if (escaped === undefined) return undefined;
      tokens.push({ kind: 'literal', char: escaped });
      at += 2;
    } else if (char === '[') {
      const parsed = readClass(chars, at + 1);
      if (!parsed) return undefined;
      tokens.push(parsed.token);
      at = parsed.next;
    } else {
      tokens.push({ kind: 'literal', char });
      at++;
    }
  }
  return tokens;
}

/** A class from just after its `[`; undefined when malformed. */
function readClass(chars: readonly string[], start: number): { token: PatternToken; next: number } | undefined {
  let at = start;
  const negated = chars[at] === '^';
  if (negated) at++;
  const ranges: [string, string][] = [];
  for (;;) {
    if (chars[at] === ']' && ranges.length > 0) return { token: { kind: 'class', negated, ranges }, next: at + 1 };
    const low = readClassChar(chars, at);
    if (!low) return undefined;
    at = low.next;
    let high = low.char;
    if (chars[at] === '-') {
      const read = readClassChar(chars, at + 1);
      if (!read) return undefined;
      high = read.char;
      at = read.next;
    }
    ranges.push([low.char, high]);
  }
}

/**
 * One character of a class: not an unescaped `-` or `]`, and something must follow it (at
 * least the closing `]`), as Go's `getEsc` demands.
 */
function readClassChar(chars: readonly string[], at: number): { char: string; next: number } | undefined {
  let first = chars[at];
  if (first === undefined || first === '-' || first === ']') return undefined;
  if (first === '\\') {
    at++;
    first = chars[at];
    if (first === undefined) return undefined;
  }
  if (at + 1 >= chars.length) return undefined;
  return { char: first, next: at + 1 };
}

/** Whether tokens from `t` match the id's characters from `c`; a star tries every length it can take. */
function matchFrom(tokens: readonly PatternToken[], t: number, id: readonly string[], c: number): boolean {
  const token = tokens[t];
  if (token === undefined) return c === id.length;
  if (token.kind === 'star') {
    for (let end = c; ; end++) {
      if (matchFrom(tokens, t + 1, id, end)) return true;
      if (end >= id.length || id[end] === '/') return false;
    }
  }
  const char = id[c];
  if (char === undefined) return false;
  if (!matchesOne(token, char)) return false;
  return matchFrom(tokens, t + 1, id, c + 1);
}

function matchesOne(token: Exclude<PatternToken, { kind: 'star' }>, char: string): boolean {
  switch (token.kind) {
    case 'any':
      return char !== '/';
    case 'literal':
      return char === token.char;
    case 'class': {
      const point = char.codePointAt(0) ?? 0;
      const inside = token.ranges.some(([low, high]) => (low.codePointAt(0) ?? 0) <= point && point <= (high.codePointAt(0) ?? 0));
      return inside !== token.negated;
    }
  }
}
