/**
 * `combine.go`: `combination.Count`, n choose k computed as Kapacitor does (-1 when k > n), in
 * bigints since the count may pass 2^53 long before it is refused.
 */
export function combinationCount(n: number, k: number): bigint {
  if (n < k) return -1n;
  let count = 1n;
  for (let i = 0n; i < BigInt(k); i++) count = (count * (BigInt(n) - i)) / (i + 1n);
  return count;
}

/**
 * `combination.Do`: every choice of k indices out of n, ascending, in lexicographic order. The
 * indices handed to `visit` are a fresh array the visitor may change.
 */
export function forEachCombination(n: number, k: number, visit: (indices: number[]) => void): void {
  if (n < k) return;
  const indices = Array.from({ length: k }, (_, i) => i);
  visit([...indices]);
  for (;;) {
    let i = k - 1;
    while (i >= 0 && indices[i] === i + n - k) i--;
    if (i < 0) return;
    indices[i] = (indices[i] as number) + 1;
    for (let j = i + 1; j < k; j++) indices[j] = (indices[j - 1] as number) + 1;
    visit([...indices]);
  }
}

/**
 * The points of one combination, one per lambda: for each lambda in order, the first point of
 * the combination not yet taken that matched it (`combineBuffer.combine`); undefined when some
 * lambda finds none. `matches[lambda][point]`.
 */
export function assignPoints(indices: number[], matches: readonly (readonly boolean[])[]): number[] | undefined {
  const remaining = [...indices];
  const chosen: number[] = [];
  for (const matched of matches) {
    const at = remaining.findIndex((index) => matched[index] === true);
    if (at < 0) return undefined;
    chosen.push(remaining[at] as number);
    remaining.splice(at, 1);
  }
  return chosen;
}
