/**
 * Parse-rate benchmark for @vigil/line-protocol. Generates a million lines shaped like the
 * provider-health seed and reports lines/s and MB/s; it asserts nothing.
 *
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source \
 *     libs/line-protocol/bench/parse.bench.ts
 *
 * Rates are given against wall-clock time and against the CPU time of the parsing thread: on a
 * shared machine the second one is the steadier figure.
 */
import { parseLines } from '../src';

export interface ParseBenchmarkResult {
  /** Best wall-clock rate parsing 5,000-line bodies, the size of a typical HTTP write. */
  readonly linesPerSecond: number;
  readonly megabytesPerSecond: number;
  /** Best rate of the same runs against the parsing thread's CPU time. */
  readonly cpuLinesPerSecond: number;
  /** Best wall-clock rate parsing the whole text in one call (one million points kept at once). */
  readonly singleCallLinesPerSecond: number;
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

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.threadCpuUsage(since);
  return (used.user + used.system) / 1e6;
}

export function runParseBenchmark(options: ParseBenchmarkOptions = {}): ParseBenchmarkResult {
  const count = options.lines ?? 1_000_000;
  const rounds = options.rounds ?? 5;
  const lines = generateLines(count);
  const batchSize = 5_000;
  const batches: string[] = [];
  for (let i = 0; i < count; i += batchSize) batches.push(`${lines.slice(i, i + batchSize).join('\n')}\n`);
  const bytes = batches.reduce((sum, batch) => sum + batch.length, 0);

  let bestWall = Infinity;
  let bestCpu = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const cpu = process.threadCpuUsage();
    let parsed = 0;
    for (const batch of batches) parsed += parseLines(batch).points.length;
    bestCpu = Math.min(bestCpu, cpuSeconds(cpu));
    bestWall = Math.min(bestWall, (performance.now() - started) / 1000);
    if (parsed !== count) throw new Error('benchmark input did not parse cleanly');
  }

  const text = lines.join('\n');
  let bestSingle = Infinity;
  for (let round = 0; round < Math.min(rounds, 3); round++) {
    const started = performance.now();
    const result = parseLines(text);
    bestSingle = Math.min(bestSingle, (performance.now() - started) / 1000);
    if (result.points.length !== count || result.errors.length !== 0) throw new Error('benchmark input did not parse cleanly');
  }

  return {
    linesPerSecond: count / bestWall,
    megabytesPerSecond: bytes / 1e6 / bestWall,
    cpuLinesPerSecond: count / bestCpu,
    singleCallLinesPerSecond: count / bestSingle,
    lines: count,
    bytes,
  };
}

if (require.main === module) {
  const result = runParseBenchmark();
  const format = (value: number): string => Math.round(value).toLocaleString('en-US');
  console.log(`line protocol parse: ${format(result.lines)} lines, ${(result.bytes / 1e6).toFixed(1)} MB`);
  console.log(`  5,000-line bodies: ${format(result.linesPerSecond)} lines/s, ${result.megabytesPerSecond.toFixed(1)} MB/s`);
  console.log(`  per CPU second:    ${format(result.cpuLinesPerSecond)} lines/s`);
  console.log(`  one call:          ${format(result.singleCallLinesPerSecond)} lines/s`);
}
