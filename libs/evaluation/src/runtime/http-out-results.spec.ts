import { MessageDecoder, type InputMessage } from '../decode/message-decoder';
import { POINT_HEADERS, SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { defineTasks } from '../tasks/task-definition';
import { HttpOutResults } from './http-out-results';
import { PartitionRuntime } from './partition-runtime';

const decoder = new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' });
const headers = { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen' };

const RAW = `dbrp "vigil"."autogen"
stream|from().measurement('cpu').groupBy('host')|httpOut('raw')`;
const AVERAGE = `dbrp "vigil"."autogen"
stream|from().measurement('cpu').groupBy('host')|window().period(10s).every(10s).align()|mean('usage')|httpOut('avg')`;

function tasks(script = RAW, name = 'cpu') {
  return defineTasks([{ name, script }], SERIES_PARTITION_KEYS);
}

function records(lines: readonly string[]): InputMessage[] {
  return lines.map((line, offset) => ({ offset: String(offset), value: Buffer.from(line), headers, timestampMs: 0 }));
}

/** Runs the lines through a runtime whose httpOut nodes publish to `results`. */
async function run(results: HttpOutResults, definitions: ReturnType<typeof tasks>, lines: readonly string[]): Promise<void> {
  results.retain(definitions);
  const runtime = new PartitionRuntime({ topic: 'points', partition: 0, tasks: definitions, now: () => 0n, log: () => undefined, publish: (...args) => results.publish(...args) });
  runtime.apply(await decoder.decodeAll(records(lines)));
}

describe('HttpOutResults', () => {
  it('answers the latest point of every group, groups in the order they first came, as Kapacitor writes the result', async () => {
    const results = new HttpOutResults();
    await run(results, tasks(), ['cpu,host=b,dc=x usage=1,idle=9i 1000000000', 'cpu,host=a usage=2 2000000000', 'cpu,host=b,dc=x usage=3,idle=7i 3000000000']);
    expect(JSON.parse(results.answer('cpu', 'raw') ?? 'null')).toEqual({
      series: [
        { name: 'cpu', tags: { dc: 'x', host: 'b' }, columns: ['time', 'idle', 'usage'], values: [['1970-01-01T00:00:03Z', 7, 3]] },
        { name: 'cpu', tags: { host: 'a' }, columns: ['time', 'usage'], values: [['1970-01-01T00:00:02Z', 2]] },
      ],
    });
  });

  it("answers a window's mean per group", async () => {
    const results = new HttpOutResults();
    const lines = ['cpu,host=a usage=2 1000000000', 'cpu,host=a usage=4 2000000000', 'cpu,host=c usage=10 3000000000', 'cpu,host=a usage=100 11000000000', 'cpu,host=c usage=100 12000000000'];
    await run(results, tasks(AVERAGE), lines);
    expect(JSON.parse(results.answer('cpu', 'avg') ?? 'null')).toEqual({
      series: [
        { name: 'cpu', tags: { host: 'a' }, columns: ['time', 'mean'], values: [['1970-01-01T00:00:10Z', 3]] },
        { name: 'cpu', tags: { host: 'c' }, columns: ['time', 'mean'], values: [['1970-01-01T00:00:10Z', 10]] },
      ],
    });
  });

  it('answers series null for an endpoint nothing passed yet, and nothing for an unknown task or endpoint', () => {
    const results = new HttpOutResults();
    results.retain(tasks());
    expect(results.answer('cpu', 'raw')).toBe('{"series":null}');
    expect(results.answer('cpu', 'other')).toBeUndefined();
    expect(results.answer('mem', 'raw')).toBeUndefined();
  });

  it('forgets a task that stops running and a redefined one, and keeps one that did not change', async () => {
    const results = new HttpOutResults();
    await run(results, [...tasks(), ...tasks(RAW, 'kept')], ['cpu,host=a usage=2 2000000000']);
    results.retain(tasks(RAW, 'kept'));
    expect(results.answer('cpu', 'raw')).toBeUndefined();
    expect(results.answer('kept', 'raw')).toContain('"host":"a"');
    results.retain([...tasks(RAW, 'kept'), ...tasks(`${RAW}|httpOut('again')`)]);
    expect(results.answer('kept', 'raw')).toContain('"host":"a"');
    results.retain(tasks(AVERAGE, 'kept'));
    expect(results.answer('kept', 'raw')).toBeUndefined();
    expect(results.answer('kept', 'avg')).toBe('{"series":null}');
  });

  it("drops a deleted group's row and keeps the others in their order, as Kapacitor's DeleteGroup does", async () => {
    const results = new HttpOutResults();
    await run(results, tasks(), ['cpu,host=a usage=1 1000000000', 'cpu,host=b usage=2 2000000000', 'cpu,host=c usage=3 3000000000']);
    const [, second] = [...(results.rows().get('cpu')?.get('raw') ?? [])];
    results.publish('cpu', 'raw', second?.group ?? '', undefined);
    expect(JSON.parse(results.answer('cpu', 'raw') ?? 'null').series.map((row: { tags: { host: string } }) => row.tags.host)).toEqual(['a', 'c']);
  });

  it('lists each running endpoint with its rows, dated when the group first came and when its row last changed', async () => {
    let now = 100;
    const results = new HttpOutResults(() => now++);
    await run(results, [...tasks(), ...tasks(AVERAGE, 'idle')], ['cpu,host=a usage=1 1000000000', 'cpu,host=b usage=2 2000000000', 'cpu,host=a usage=3 3000000000']);
    const rows = results.rows();
    expect([...(rows.get('idle') ?? [])]).toEqual([['avg', []]]);
    expect(rows.get('cpu')?.get('raw')?.map(({ firstMs, atMs, row }) => [firstMs, atMs, JSON.parse(row).values])).toEqual([
      [100, 102, [['1970-01-01T00:00:03Z', 3]]],
      [101, 101, [['1970-01-01T00:00:02Z', 2]]],
    ]);
  });
});
