/**
 * Parse-rate benchmark for @vigil/line-protocol. Generates a million lines shaped like the
 * provider-health seed and reports lines/s and MB/s, plus a rate for telegraf-like mixed bodies;
 * it asserts nothing.
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
  /** Best rate per CPU second for telegraf-like bodies: interleaved measurements, floats, strings. */
  readonly mixedCpuLinesPerSecond: number;
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

/** Builds `count` telegraf-like lines: several measurements interleaved, each with its own keys. */
export function generateMixedLines(count: number): string[] {
  const lines: string[] = new Array<string>(count);
  const time = 1684713070000000000n;
  for (let i = 0; i < count; i++) {
    const host = `host-${i % 16}.example.com`;
    const at = time + BigInt(Math.floor(i / 8)) * 10_000_000_000n;
    switch (i % 8) {
      case 0:
        lines[i] = `cpu,cpu=cpu${i % 4},host=${host} usage_idle=${(90 + (i % 97) / 10).toFixed(3)},usage_system=${((i % 13) / 7).toFixed(4)},usage_user=${((i % 29) / 3).toFixed(4)} ${at}`;
        break;
      case 1:
        lines[i] = `mem,host=${host} active=${4_000_000_000 + i}i,available_percent=${(40 + (i % 50) / 3).toFixed(6)},free=${1_000_000 + i}i,used=${8_000_000_000 - i}i ${at}`;
        break;
      case 2:
        lines[i] = `disk,device=sda${i % 3},fstype=ext4,host=${host},mode=rw,path=/data${i % 3} free=${900_000_000_000 - i}i,inodes_free=${6_000_000 + i}i,used_percent=${(i % 100) / 1.7} ${at}`;
        break;
      case 3:
        lines[i] = `net,host=${host},interface=eth${i % 2} bytes_recv=${123_456_789 + i}i,bytes_sent=${98_765_432 + i}i,drop_in=0i,err_in=${i % 3}i ${at}`;
        break;
      case 4:
        lines[i] = `system,host=${host} load1=${(i % 400) / 100},load5=${(i % 300) / 100},n_cpus=4i,uptime=${1_000_000 + i}i ${at}`;
        break;
      case 5:
        lines[i] = `http_response,method=GET,server=https://api.example.com/${i % 5},status_code=200 content_length=${512 + (i % 1000)}i,response_time=${(i % 1000) / 3000},result="success" ${at}`;
        break;
      case 6:
        lines[i] = `syslog,appname=sshd,facility=auth,host=${host},severity=info message="Accepted publickey for deploy from 10.0.${i % 255}.7 port ${40000 + (i % 999)}",timestamp=${at}i ${at}`;
        break;
      default:
        lines[i] = `performance_influx,nome_recurso=p${i % 20},nome_provedor=p${'abcdef'[i % 6]} latencia=${i % 2000}i,sucesso=${i % 2}i ${at}`;
    }
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

  const mixedLines = generateMixedLines(count / 4);
  const mixedBatches: string[] = [];
  for (let i = 0; i < mixedLines.length; i += batchSize) mixedBatches.push(`${mixedLines.slice(i, i + batchSize).join('\n')}\n`);
  let bestMixedCpu = Infinity;
  for (let round = 0; round < rounds; round++) {
    const cpu = process.threadCpuUsage();
    let parsed = 0;
    for (const batch of mixedBatches) parsed += parseLines(batch).points.length;
    bestMixedCpu = Math.min(bestMixedCpu, cpuSeconds(cpu));
    if (parsed !== mixedLines.length) throw new Error('mixed benchmark input did not parse cleanly');
  }

  return {
    linesPerSecond: count / bestWall,
    megabytesPerSecond: bytes / 1e6 / bestWall,
    cpuLinesPerSecond: count / bestCpu,
    singleCallLinesPerSecond: count / bestSingle,
    mixedCpuLinesPerSecond: mixedLines.length / bestMixedCpu,
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
  console.log(`  telegraf-like mix: ${format(result.mixedCpuLinesPerSecond)} lines per CPU second`);
}
