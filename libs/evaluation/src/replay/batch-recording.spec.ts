import { CPU_BATCH_TICK } from '@vigil/core';
import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { batchesOf } from '../batch/index';
import type { InfluxDBPort, InfluxSeries } from '../batch/index';
import { defineTasks } from '../tasks/task-definition';
import { runBatchReplayTask } from './batch-replay';
import { batchesOfTask, dbrpOfQuery, decodeRecordedBatch, encodeRecordedBatch, type RecordedBatch } from './batch-recording';

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

describe('batch recording and replay', () => {
  it('makes the runs of [start, stop] up to now, and its batches survive their line codec exactly', async () => {
    const influxdb = influxFake();
    const read: RecordedBatch[] = [];
    for await (const recorded of batchesOfTask(TASK!, influxdb, { startNs: ns('10:00:00'), stopNs: ns('10:10:00'), nowNs: ns('10:03:10') })) read.push(decodeRecordedBatch(encodeRecordedBatch(recorded)));
    expect(influxdb.queries.map((query) => /time < '([^']+)'/.exec(query)?.[1])).toEqual(['2024-03-01T10:01:00Z', '2024-03-01T10:02:00Z', '2024-03-01T10:03:00Z']);
    expect(read.map(({ source, batch }) => [source, iso(batch.tmax), batch.points.map((point) => [iso(point.time), point.fields['usage']])])).toEqual([
      [0, '2024-03-01T10:01:00Z', [['2024-03-01T10:00:30Z', 50]]],
      [0, '2024-03-01T10:02:00Z', [['2024-03-01T10:01:30Z', 50]]],
      [0, '2024-03-01T10:03:00Z', [['2024-03-01T10:02:30Z', 95]]],
    ]);
  });

  it('stops between two runs when the server stops', async () => {
    const influxdb = influxFake();
    const stopping = new AbortController();
    const batches = batchesOfTask(TASK!, influxdb, { startNs: ns('10:00:00'), stopNs: ns('10:10:00'), nowNs: ns('10:10:00') }, stopping.signal);
    expect((await batches.next()).done).toBe(false);
    stopping.abort();
    await expect(batches.next()).rejects.toThrow('the server stopped during the recording');
    expect(influxdb.queries).toHaveLength(1);
  });

  it('replays with the recorded times, or shifted so the first point is at the start; refuses a recording of more query nodes', async () => {
    const batch = (time: string, usage: number) => batchesOf([{ name: 'cpu', columns: ['time', 'usage'], values: [[`2024-03-01T${time}Z`, usage]] }], { byMeasurement: false, groupedByTime: false, stop: ns(time) + 30_000_000_000n })[0]!;
    const recorded = [{ source: 0, batch: batch('10:00:30', 50) }, { source: 0, batch: batch('10:01:30', 95) }];
    async function* feed(batches: RecordedBatch[]): AsyncGenerator<RecordedBatch> {
      yield* batches;
    }
    const base = { definition: TASK!, clock: 'fast' as const, nowNs: ns('12:00:00'), signal: new AbortController().signal };
    const kept = await runBatchReplayTask({ ...base, recordingTime: true, batches: feed(recorded) });
    expect(kept.events.map((event) => [event.level, iso(event.time)])).toEqual([['CRITICAL', '2024-03-01T10:01:30Z']]);
    expect(kept.points).toBe(2);
    const shifted = await runBatchReplayTask({ ...base, recordingTime: false, batches: feed(recorded) });
    expect(shifted.events.map((event) => [event.level, iso(event.time)])).toEqual([['CRITICAL', '2024-03-01T12:01:00Z']]);
    await expect(runBatchReplayTask({ ...base, recordingTime: true, batches: feed([{ source: 1, batch: batch('10:00:30', 1) }]) })).rejects.toThrow('the recording feeds 2 query nodes; task cpu_batch has 1');
  });

  it('reports stats at each interval of replay time through a gap between batches, as the stream replay does', async () => {
    const script = 'dbrp "telegraf"."autogen"\nbatch\n  |query(\'SELECT usage FROM "telegraf"."autogen"."cpu"\')\n    .period(1m)\n    .every(1m)\n  |stats(1m)\n  |alert()\n    .info(lambda: "emitted" >= 0)\n    .post(\'http://127.0.0.1:9/alerts\')\n';
    const [stats] = defineTasks([{ name: 'stats', script }], SERIES_PARTITION_KEYS);
    const batch = (time: string) => batchesOf([{ name: 'cpu', columns: ['time', 'usage'], values: [[`2024-03-01T${time}Z`, 1]] }], { byMeasurement: false, groupedByTime: false, stop: ns(time) + 30_000_000_000n })[0]!;
    // Runs at 10:01 and 10:02, then none until 10:06.
    const recorded = ['10:00:30', '10:01:30', '10:05:30'].map((time) => ({ source: 0, batch: batch(time) }));
    const outcome = await runBatchReplayTask({ definition: stats!, clock: 'fast', recordingTime: true, nowNs: ns('12:00:00'), signal: new AbortController().signal, batches: recorded });
    // A report each minute of the gap, each counting the batches the query node emitted before it
    // (the one of 10:02 is fed after the clock reached 10:02); before, the gap brought one report.
    expect(outcome.events.map((event) => [iso(event.time), event.series[0]?.values[0]?.[1]])).toEqual([
      ['2024-03-01T10:02:00Z', 1n],
      ['2024-03-01T10:03:00Z', 2n],
      ['2024-03-01T10:04:00Z', 2n],
      ['2024-03-01T10:05:00Z', 2n],
      ['2024-03-01T10:06:00Z', 2n],
    ]);
  });

  it('takes the dbrp of a fully qualified query only', () => {
    expect(dbrpOfQuery('SELECT "usage" FROM "telegraf"."autogen"."cpu"')).toEqual({ database: 'telegraf', retentionPolicy: 'autogen' });
    expect(() => dbrpOfQuery('SELECT "usage" FROM "telegraf".."cpu"')).toThrow('could not determine database and retention policy. Is the query fully qualified?');
    expect(() => dbrpOfQuery('SELECT "usage" FROM "cpu"')).toThrow('could not determine database and retention policy');
  });
});
