/**
 * Go sorts strings by their UTF-8 bytes, which is Unicode code point order. JavaScript's default
 * sort compares UTF-16 code units, which disagrees only when a surrogate pair meets a character
 * in U+E000..U+FFFF; the fast default is used unless such characters are present.
 */
const ABOVE_SURROGATES = /[\uD800-\uFFFF]/;

export function compareByteOrder(a: string, b: string): number {
  if (!ABOVE_SURROGATES.test(a) && !ABOVE_SURROGATES.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** Sorts in place in Go's string order and returns the array. */
export function sortByteOrder(values: string[]): string[] {
  if (values.some((value) => ABOVE_SURROGATES.test(value))) return values.sort(compareByteOrder);
  return values.sort();
}
