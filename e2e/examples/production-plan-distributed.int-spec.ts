import { defineTasks, parsePartitionKeys } from '@vigil/evaluation';
import { partitionForKey } from '@vigil/kafka';
import { uniqueEventsByAlertId } from '../evaluator/support/alert-oracle';
import { EvaluatorCluster } from '../evaluator/support/evaluator-cluster';
import { exampleFile, lines } from './support/examples';

const EXAMPLE = 'production-plan';
/** The example's tasks that join two measurements (or a series with itself shifted). */
const JOIN_TASKS = ['api_error_rate', 'calculation_error_rate', 'rps_spike', 'storage_usage'] as const;
const tasks = Object.fromEntries(JOIN_TASKS.map((task) => [task, exampleFile(EXAMPLE, `${task}.tick`)]));
const sources = Object.entries(tasks).map(([name, script]) => ({ name, script }));
const data = lines(exampleFile(EXAMPLE, 'production-plan.lp'));
const POINTS_PARTITIONS = 6;
/** The keys README.md advises: every join of the example meets its points where they land. */
const ADVISED_KEYS = 'http_requests_total=service;calculation_errors_total=service;calculations_total=service;s3_storage_used_bytes=bucket;s3_storage_size_bytes=bucket';

/** expected.jsonl's lines of one task, as alert id -> lines in order. */
function expectedByAlertId(task: string): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const line of lines(exampleFile(EXAMPLE, 'expected.jsonl'))) {
    const { id } = JSON.parse(line) as { id: string };
    if (!id.startsWith(`${task}/`)) continue;
    byId.set(id, [...(byId.get(id) ?? []), line]);
  }
  return new Map([...byId].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The series (measurement and tags, as a line starts) a task's `from()` nodes read. */
function seriesOf(measurements: readonly string[]): string[] {
  return [...new Set(data.map((line) => line.split(' ')[0] as string))].filter((series) => measurements.includes(series.split(',')[0] as string));
}

/** The number of the example's points of these measurements. */
function pointsOf(measurements: readonly string[]): number {
  return data.filter((line) => measurements.includes(line.split(',')[0] as string)).length;
}

const MEASUREMENTS: Record<(typeof JOIN_TASKS)[number], readonly string[]> = {
  api_error_rate: ['http_requests_total'],
  calculation_error_rate: ['calculation_errors_total', 'calculations_total'],
  rps_spike: ['http_requests_total'],
  storage_usage: ['s3_storage_used_bytes', 's3_storage_size_bytes'],
};

/**
 * examples/production-plan's join tasks in the distributed mode: the samples POSTed to ingest
 * as line protocol, two evaluators on the real Kafka and Redis. Under series keys (no
 * PARTITION_KEYS) every join's series land on different points-topic partitions and meet again
 * on the task's repartition topic; under the keys README.md advises they share a partition and
 * the joins run where the points land. Either way the alerts topic must carry exactly
 * expected.jsonl, task by task.
 */
describe('examples/production-plan, distributed', () => {
  it('places the joins: repartitioned under series keys, local under the keys README.md advises', () => {
    const placements = (keys: string) => Object.fromEntries(defineTasks(sources, parsePartitionKeys(keys)).map((task) => [task.name, task.placement.kind]));
    expect(placements('')).toEqual(Object.fromEntries(JOIN_TASKS.map((task) => [task, 'repartition'])));
    expect(placements(ADVISED_KEYS)).toEqual(Object.fromEntries(JOIN_TASKS.map((task) => [task, 'local'])));
    // Under series keys each series is its own key: the two sides of every join land apart.
    for (const task of JOIN_TASKS) {
      const partitions = new Set(seriesOf(MEASUREMENTS[task]).map((series) => partitionForKey(series, POINTS_PARTITIONS)));
      expect({ task, partitions: partitions.size }).toEqual({ task, partitions: 2 });
    }
  });

  describe.each([
    { keys: 'series keys', partitionKeys: '', repartitioned: true },
    { keys: 'the advised PARTITION_KEYS', partitionKeys: ADVISED_KEYS, repartitioned: false },
  ])('on two evaluators, $keys', ({ partitionKeys, repartitioned }) => {
    const cluster = new EvaluatorCluster({ tasks, partitionKeys, pointsPartitions: POINTS_PARTITIONS, repartitionPartitions: 3 });
    beforeAll(() => cluster.setUp());
    afterAll(() => cluster.tearDown());

    it('puts exactly expected.jsonl on the alerts topic, task by task', async () => {
      const [ingest] = await Promise.all([cluster.startIngest(), cluster.startEvaluator(), cluster.startEvaluator()]);
      // In time order, one request after the other, as a scraper's writes arrive.
      for (let start = 0; start < data.length; start += 400) {
        const response = await fetch(`${ingest.url}/write?db=prometheus&rp=autogen`, { method: 'POST', body: data.slice(start, start + 400).join('\n') });
        expect(response.status).toBe(204);
      }
      await cluster.waitUntilEvaluated(90_000);

      const records = await cluster.readAlerts();
      for (const task of JOIN_TASKS) {
        expect({ task, ids: expectedByAlertId(task).size }).toEqual({ task, ids: 1 });
        expect({ task, events: uniqueEventsByAlertId(records, task).byAlertId }).toEqual({ task, events: expectedByAlertId(task) });
      }
      // Repartitioned, every point each task reads went through its repartition topic; local, none. Both evaluators took part.
      const metrics = await Promise.all(cluster.evaluators.map((evaluator) => cluster.metrics(evaluator)));
      const consumed = (topic: string, text: string) => Number(new RegExp(`^vigil_evaluator_points_consumed_total\\{[^}]*topic="${topic.replace(/\./g, '\\.')}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? '0');
      for (const task of JOIN_TASKS) {
        const forwarded = metrics.reduce((sum, text) => sum + consumed(`${cluster.repartitionPrefix}${task}`, text), 0);
        expect({ task, forwarded }).toEqual({ task, forwarded: repartitioned ? pointsOf(MEASUREMENTS[task]) : 0 });
      }
      expect(metrics.map((text) => consumed(cluster.pointsTopic, text) > 0)).toEqual([true, true]);
    });
  });
});
