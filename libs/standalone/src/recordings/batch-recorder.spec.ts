import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchesOfTask, defineTasks, type InfluxDBPort, type InfluxSeries, type RecordedBatch } from '@vigil/evaluation';
import { CPU_BATCH_TICK } from '@vigil/core';
import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { batchesOfRecording, writeBatchRecording } from './batch-recorder';

const ns = (time: string) => BigInt(Date.parse(`2024-03-01T${time}Z`)) * 1_000_000n;
const iso = (time: bigint) => new Date(Number(time / 1_000_000n)).toISOString().replace('.000Z', 'Z');

const [TASK] = defineTasks([{ name: 'cpu_batch', script: CPU_BATCH_TICK }], SERIES_PARTITION_KEYS);

/** Answers each run with its range's middle point, 95 from 10:02 on; keeps the queries. */
function influxFake(): InfluxDBPort & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    async query(_cluster: string, query: string): Promise<InfluxSeries[]> {
      queries.push(query);
      const start = Date.parse(/time >= '([^']+)'/.exec(query)?.[1] ?? '');
      const middle = new Date(start + 30_000).toISOString().replace('.000Z', 'Z');
      return [{ name: 'cpu', columns: ['time', 'usage'], values: [[middle, start >= Date.parse('2024-03-01T10:02:00Z') ? 95 : 50]] }];
    },
  };
}

// What is recorded and how it replays is @vigil/evaluation's (replay/batch-recording.spec.ts); here, vigil serve's files.
describe('batch recording files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-brpl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes the runs of [start, stop] up to now, and keeps their batches exactly', async () => {
    const influxdb = influxFake();
    const path = join(dir, 'runs.brpl');
    const count = await writeBatchRecording(path, batchesOfTask(TASK!, influxdb, { startNs: ns('10:00:00'), stopNs: ns('10:10:00'), nowNs: ns('10:03:10') }));
    expect(count).toBe(3);
    expect(influxdb.queries.map((query) => /time < '([^']+)'/.exec(query)?.[1])).toEqual(['2024-03-01T10:01:00Z', '2024-03-01T10:02:00Z', '2024-03-01T10:03:00Z']);
    const read: RecordedBatch[] = [];
    for await (const recorded of batchesOfRecording(path)) read.push(recorded);
    expect(read.map(({ source, batch }) => [source, iso(batch.tmax), batch.points.map((point) => [iso(point.time), point.fields['usage']])])).toEqual([
      [0, '2024-03-01T10:01:00Z', [['2024-03-01T10:00:30Z', 50]]],
      [0, '2024-03-01T10:02:00Z', [['2024-03-01T10:01:30Z', 50]]],
      [0, '2024-03-01T10:03:00Z', [['2024-03-01T10:02:30Z', 95]]],
    ]);
  });
});
