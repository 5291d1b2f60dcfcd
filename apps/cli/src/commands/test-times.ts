/** Times in rule-test files: `+1m30s` offsets, RFC 3339 with nanoseconds, integer ns. */

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** `+30s`, `+1m30s`, `+250ms`: Go's duration spelling (time.ParseDuration) with whole numbers, after a `+`. */
export function relativeOffsetNs(text: string): bigint | undefined {
  if (!/^\+(?:[0-9]+(?:ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0n;
  for (const part of text.slice(1).matchAll(/([0-9]+)(ns|us|µs|ms|s|m|h)/g)) total += BigInt(part[1] ?? '0') * (UNIT_NS[part[2] ?? ''] ?? 0n);
  return total;
}

/** RFC 3339 (nanoseconds kept, which Date drops) or an integer of ns since the epoch. */
export function timeNs(text: string): bigint | undefined {
  if (/^-?[0-9]+$/.test(text)) return BigInt(text);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  return BigInt(Math.floor(ms)) * 1_000_000n + BigInt((fraction.slice(3, 9) || '0').padEnd(6, '0'));
}

/**
 * Inline line protocol of a test: a line whose time is `+DURATION` gets `startNs` plus it, in
 * ns. Lines are otherwise kept as written, so the line-protocol parser reports their errors.
 */
export function absoluteLines(lines: string, startNs: bigint): string {
  return lines
    .split('\n')
    .map((line) => line.replace(/ \+([0-9][0-9a-zµ]*)\s*$/, (whole, offset: string) => {
      const ns = relativeOffsetNs(`+${offset}`);
      return ns === undefined ? whole : ` ${startNs + ns}`;
    }))
    .join('\n');
}
