/**
 * Parse-rate benchmark for @vigil/line-protocol. Generates about a million lines shaped like the
 * provider-health seed and reports lines/s and MB/s; it asserts nothing.
 *
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source \
 *     libs/line-protocol/bench/parse.bench.ts
 */
import { parseLines } from '../src';

export interface ParseBenchmarkResult {
  /** Best rate parsing the whole text in one call. */
  readonly linesPerSecond: number;
  readonly megabytesPerSecond: number;
  /** Best rate parsing the same lines as 5,000-line bodies, the size of a typical HTTP write. */
  readonly batchedLinesPerSecond: number;
  readonly lines: number;
  readonly bytes: number;
}

export interface ParseBenchmarkOptions {
  readonly lines?: number;
  readonly rounds?: number;
}

/** Builds `count` seed-shaped lines with a deterministic pseudo-random sequence. */
export function generateLines(count: number): string[] {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const lines: string[] = new Array<string>(count);
  let time = 1684713070038000000n;
  for (let i = 0; i < count; i++) {
    time += BigInt(1 + (next() % 1000)) * 1000000n;
    const resource = `p${next() % 20}`;
    const provider = `p${String.fromCharCode(97 + (next() % 6))}`;
    lines[i] = `performance_influx,nome_recurso=${resource},nome_provedor=${provider} latencia=${next() % 2000}i,sucesso=${next() % 2}i ${time}`;
  }
  return lines;
}

export function runParseBenchmark(options: ParseBenchmarkOptions = {}): ParseBenchmarkResult {
  const count = options.lines ?? 1_000_000;
  const rounds = options.rounds ?? 3;
  const lines = generateLines(count);
  const text = `${lines.join('\n')}\n`;
  const batchSize = 5_000;
  const batches: string[] = [];
  for (let i = 0; i < count; i += batchSize) batches.push(`${lines.slice(i, i + batchSize).join('\n')}\n`);

  let best = Infinity;
  let bestBatched = Infinity;
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    const result = parseLines(text);
    best = Math.min(best, performance.now() - started);
    if (result.points.length !== count || result.errors.length !== 0) throw new Error('benchmark input did not parse cleanly');

    started = performance.now();
    let parsed = 0;
    for (const batch of batches) parsed += parseLines(batch).points.length;
    bestBatched = Math.min(bestBatched, performance.now() - started);
    if (parsed !== count) throw new Error('benchmark batches did not parse cleanly');
  }
  const seconds = best / 1000;
  return {
    linesPerSecond: count / seconds,
    megabytesPerSecond: text.length / 1e6 / seconds,
    batchedLinesPerSecond: count / (bestBatched / 1000),
    lines: count,
    bytes: text.length,
  };
}

if (require.main === module) {
  const result = runParseBenchmark();
  const format = (value: number): string => Math.round(value).toLocaleString('en-US');
  console.log(`line protocol parse: ${format(result.lines)} lines, ${(result.bytes / 1e6).toFixed(1)} MB`);
  console.log(`  one call:        ${format(result.linesPerSecond)} lines/s, ${result.megabytesPerSecond.toFixed(1)} MB/s`);
  console.log(`  5,000-line bodies: ${format(result.batchedLinesPerSecond)} lines/s`);
}
