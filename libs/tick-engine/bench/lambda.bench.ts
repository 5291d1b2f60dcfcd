/**
 * Lambda evaluation micro-benchmark: prints evaluations per second for the seed's hot lambdas
 * (stateCount's `"sucesso" == 0`, the alert levels) and a few heavier shapes. Asserts nothing.
 *
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source \
 *     libs/tick-engine/bench/lambda.bench.ts
 */
import type { Point } from '@vigil/core';
import { parseLambdaExpression } from '@vigil/tick-lang';
import { compileLambda } from '../src/lambda';

const POINTS = 200_000;
const ROUNDS = 3;
const PASSES = 5;

/** Seed-shaped points with a deterministic pseudo-random sequence. */
function seedPoints(count: number): Point[] {
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const points: Point[] = new Array<Point>(count);
  let time = 1684713070038000000n;
  for (let index = 0; index < count; index++) {
    time += BigInt(1 + (next() % 1000)) * 1_000_000n;
    points[index] = {
      database: 'vigil',
      retentionPolicy: 'autogen',
      name: 'performance_influx',
      tags: { nome_recurso: `p${next() % 20}`, nome_provedor: `p${String.fromCharCode(97 + (next() % 6))}` },
      fields: { latencia: BigInt(next() % 2000), sucesso: BigInt(next() % 2), consecutive_error: BigInt((next() % 4) - 1) },
      time,
    };
  }
  return points;
}

interface Case {
  readonly name: string;
  readonly source: string;
  readonly predicate: boolean;
}

const CASES: readonly Case[] = [
  { name: 'stateCount: "sucesso" == 0', source: '"sucesso" == 0', predicate: true },
  { name: 'alert crit: "consecutive_error" >= 2', source: '"consecutive_error" >= 2', predicate: true },
  { name: 'alert info: "consecutive_error" == -1', source: '"consecutive_error" == -1', predicate: true },
  { name: 'tag equality', source: "\"nome_provedor\" == 'pa'", predicate: true },
  { name: 'AND of two comparisons', source: '"sucesso" == 0 AND "latencia" > 1000', predicate: true },
  { name: 'arithmetic', source: '"latencia" * 2 + 1 > 2000', predicate: true },
  { name: 'float() and a math function', source: 'sqrt(float("latencia")) > 30.0', predicate: true },
  { name: 'regex on a tag', source: '"nome_recurso" =~ /^p1/', predicate: true },
  { name: 'sigma (stateful)', source: 'sigma(float("latencia"))', predicate: false },
  { name: 'missing field (error path)', source: '"absent" > 1', predicate: true },
];

function measure(testCase: Case, points: readonly Point[]): number {
  const lambda = compileLambda(parseLambdaExpression(testCase.source), { now: () => 0n }).newInstance();
  let best = 0;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let pass = 0; pass < PASSES; pass++) {
      for (const point of points) {
        try {
          if (testCase.predicate) sink += lambda.evaluateBool(point) ? 1 : 0;
          else sink += lambda.evaluate(point) === 0 ? 1 : 0;
        } catch {
          sink--;
        }
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    best = Math.max(best, (points.length * PASSES) / seconds);
  }
  if (sink === Number.MIN_SAFE_INTEGER) console.log('unreachable');
  return best;
}

function main(): void {
  const points = seedPoints(POINTS);
  console.log(`lambda evaluations per second (best of ${ROUNDS} rounds of ${POINTS * PASSES} evaluations)`);
  for (const testCase of CASES) {
    const rate = measure(testCase, points);
    console.log(`${testCase.name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(14)} /s`);
  }
}

main();
