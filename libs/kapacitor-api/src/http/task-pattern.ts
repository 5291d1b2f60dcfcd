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
    return this.tokens !== undefined && matchTokens(this.tokens, Array.from(id));
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

/**
 * Whether the tokens match the whole id. Rather than trying every length for each star (which
 * takes time exponential in the number of stars), this walks the tokens once, keeping the set of
 * id positions the tokens so far can end at: O(tokens x id length), whatever the pattern.
 */
function matchTokens(tokens: readonly PatternToken[], id: readonly string[]): boolean {
  let reachable = new Uint8Array(id.length + 1);
  reachable[0] = 1;
  for (const token of tokens) {
    const next = new Uint8Array(id.length + 1);
    if (token.kind === 'star') {
      // A star extends every reachable position over any run of characters other than `/`.
      let open = false;
      for (let c = 0; c <= id.length; c++) {
        if (reachable[c] === 1) open = true;
        if (open) next[c] = 1;
        if (id[c] === '/') open = false;
      }
    } else {
      for (let c = 0; c < id.length; c++) {
        if (reachable[c] === 1 && matchesOne(token, id[c] as string)) next[c + 1] = 1;
      }
    }
    reachable = next;
  }
  return reachable[id.length] === 1;
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
