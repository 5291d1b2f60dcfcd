/**
 * JSON.parse where a number written as an integer (digits only, not `-0`) comes back as a
 * `bigint` with every digit kept, the int64 of Go's JSON. The obvious way, a reviver reading each
 * value's source text, costs about 6x the parse itself (20-25 µs against 3 µs for an alert
 * event), and decoding events was the largest single cost of `vigil serve` in an alert burst
 * (issue 15). So the text is parsed plainly, its number tokens are listed in source order by one
 * regular expression, and the parsed value is walked in the same order, each number taking its
 * token. Where the walk cannot vouch for that order (an object key that JavaScript orders first,
 * as "0" is; a key given twice; a token that does not match its number) it parses again with
 * the reviver, so the result is always the reviver's.
 */
export function parseJsonKeepingIntegers(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  const tokens = numberTokensOf(text);
  if (tokens === undefined) return JSON.parse(text, keepIntegers);
  const walk = { next: 0, keys: 0, ok: true };
  const value = withIntegers(parsed, tokens.numbers, walk);
  return walk.ok && walk.next === tokens.numbers.length && walk.keys === tokens.keys ? value : JSON.parse(text, keepIntegers);
}

/** A string (with its escapes), or a number, in the text of valid JSON. */
const TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?|-?\d[\d.eE+-]*/g;
const INTEGER = /^-?\d+$/;
/** An array index, which JavaScript enumerates before the other keys of an object whatever their order in the text. */
const INDEX_KEY = /^"(?:0|[1-9]\d*)"$/;

/** The number tokens in source order and how many object keys the text has; undefined when a key is index-like. */
function numberTokensOf(text: string): { readonly numbers: string[]; readonly keys: number } | undefined {
  const numbers: string[] = [];
  let keys = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = match[0];
    if (token.charCodeAt(0) !== 34 /* " */) numbers.push(token);
    else if (match[1] !== undefined) {
      keys++;
      if (INDEX_KEY.test(token.slice(0, token.length - match[1].length))) return undefined;
    }
  }
  return { numbers, keys };
}

function withIntegers(value: unknown, numbers: readonly string[], walk: { next: number; keys: number; ok: boolean }): unknown {
  if (typeof value === 'number') {
    const token = numbers[walk.next++];
    if (token === undefined || Number(token) !== value) {
      walk.ok = false;
      return value;
    }
    return INTEGER.test(token) && token !== '-0' ? BigInt(token) : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && walk.ok; index++) value[index] = withIntegers(value[index], numbers, walk);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    walk.keys++;
    if (!walk.ok) break;
    record[key] = withIntegers(record[key], numbers, walk);
  }
  return value;
}

/** JSON.parse reviver: integers keep full int64 precision as bigint (needs the source text). */
export function keepIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && context?.source !== undefined && INTEGER.test(context.source) && context.source !== '-0') {
    return BigInt(context.source);
  }
  return value;
}
