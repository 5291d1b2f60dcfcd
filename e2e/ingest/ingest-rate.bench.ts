/**
 * Ingest rate on this machine: the built ingest against the real Kafka (`npm run infra -- up`),
 * line-protocol bodies of 5000 lines POSTed to /write by a few concurrent writers; every request
 * must get 204 (Kafka acknowledged all its points). Prints points/s over the whole run.
 *
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source e2e/ingest/ingest-rate.bench.ts
 */
import { buildApp, freePort, httpGet, integrationEnv, startApp, uniqueName, waitFor } from '@vigil/testing';

const LINES_PER_BODY = 5000;
const BODIES = Number(process.env['BODIES'] ?? 200);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 4);

function body(index: number): string {
  const lines: string[] = new Array<string>(LINES_PER_BODY);
  const base = BigInt(index) * BigInt(LINES_PER_BODY) * 1_000_000_000n;
  for (let i = 0; i < LINES_PER_BODY; i++) {
    lines[i] = `performance_influx,nome_recurso=r${i % 500},nome_provedor=p${i % 7} latencia=${(i % 97) * 1.5},erros=${i % 5}i ${base + BigInt(i) * 1_000_000_000n}`;
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  buildApp('ingest');
  const port = await freePort();
  const suffix = uniqueName('bench');
  const { SCHEMA_REGISTRY_URL: _registry, ...servers } = integrationEnv();
  const service = startApp('ingest', {
    ...servers,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    POINTS_TOPIC: `vigil.bench.points.${suffix}`,
    POINTS_PARTITIONS: '6',
    PARTITION_KEYS: 'performance_influx=nome_recurso,nome_provedor',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await httpGet(`${base}/health/ready`)).status === 200, { timeoutMs: 90_000, what: 'ingest ready' });
    const bodies = Array.from({ length: Math.min(BODIES, 20) }, (_, i) => body(i));
    const post = async (i: number): Promise<void> => {
      const response = await fetch(`${base}/write?db=bench`, { method: 'POST', body: bodies[i % bodies.length] });
      if (response.status !== 204) throw new Error(`body ${i}: ${response.status} ${await response.text()}`);
    };
    for (let i = 0; i < CONCURRENCY; i++) await post(i);
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < BODIES) await post(next++);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const points = BODIES * LINES_PER_BODY;
    console.log(`ingest /write: ${points} points in ${BODIES} bodies of ${LINES_PER_BODY} lines, ${CONCURRENCY} writers: ${seconds.toFixed(2)} s, ${Math.round(points / seconds)} points/s`);
  } finally {
    service.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
