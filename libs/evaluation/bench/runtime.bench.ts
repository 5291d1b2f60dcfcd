/**
 * Points per second through one PartitionRuntime (decode line protocol, run the seed task, encode
 * the checkpoint), without Kafka or Redis: the ceiling of one evaluator core.
 * Run: bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source libs/evaluation/bench/runtime.bench.ts
 */
import { formatPoint } from '@vigil/line-protocol';
import { defineTasks, MessageDecoder, parsePartitionKeys, PartitionRuntime, type InputMessage } from '../src';

const SEED = `dbrp "vigil"."autogen"
stream|from().measurement('performance_influx').groupBy('nome_recurso', 'nome_provedor')
  |stateCount(lambda: "sucesso" == 0).as('consecutive_error')
  |alert().id('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}')
    .info(lambda: "sucesso" == 1).crit(lambda: "consecutive_error" >= 2).stateChangesOnly().noRecoveries().post('http://x')`;

const tasks = defineTasks([{ name: 'seed', script: SEED }], parsePartitionKeys('performance_influx=nome_recurso,nome_provedor'));
const decoder = new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' });
const total = 200_000;
const batchSize = 2_000;
const records: InputMessage[] = [];
for (let i = 0; i < total; i++) {
  const line = formatPoint({
    database: 'vigil',
    retentionPolicy: 'autogen',
    name: 'performance_influx',
    tags: { nome_recurso: `r${i % 100}`, nome_provedor: `p${(i >> 3) % 5}` },
    fields: { latencia: i % 300, sucesso: i % 97 < 3 ? 0n : 1n },
    time: 1_684_713_065_000_000_000n + BigInt(i) * 1_000_000n,
  });
  records.push({ offset: String(i), value: Buffer.from(line), headers: { 'vigil-db': 'vigil', 'vigil-rp': 'autogen' }, timestampMs: 0 });
}

async function main(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const runtime = new PartitionRuntime({ topic: 'points', partition: 0, tasks, now: () => 0n, log: () => undefined });
    let events = 0;
    let bytes = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < records.length; i += batchSize) {
      const step = runtime.apply(await decoder.decodeAll(records.slice(i, i + batchSize)));
      events += step.events.length;
      bytes = step.checkpointBytes;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`round ${round}: ${Math.round(total / seconds)} points/s (${events} events, checkpoint ${bytes} bytes for 500 groups)`);
  }
}

void main();
