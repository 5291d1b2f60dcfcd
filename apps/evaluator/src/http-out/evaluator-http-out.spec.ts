import { defineTasks, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import type { Message } from '@vigil/tick-engine';
import { EvaluatorHttpOut } from './evaluator-http-out';

const tasks = defineTasks(
  [
    { name: 'cpu', script: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|httpOut('last')` },
    { name: 'quiet', script: `dbrp "vigil"."autogen"\nstream|from().measurement('mem')|httpOut('none')` },
  ],
  SERIES_PARTITION_KEYS,
);

function point(host: string, usage: number): Message {
  return {
    kind: 'point',
    point: { database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host }, fields: { usage }, time: 1_000_000_000n },
    group: `host=${host}`,
    groupTags: { host },
    dimensions: { by: ['host'], byMeasurement: false, exclude: [] },
  };
}

/** Per task and endpoint, the hosts of the rows with their usage, in the order listed. */
function hosts(results: EvaluatorHttpOut): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    [...results.rows()].map(([task, endpoints]) => [task, Object.fromEntries([...endpoints].map(([endpoint, rows]) => [endpoint, rows.map(({ row }) => `${JSON.parse(row).tags.host}=${JSON.parse(row).values[0][1]}`)]))]),
  );
}

describe('EvaluatorHttpOut', () => {
  it("lists every task's endpoints with the rows of all scopes, first seen first", () => {
    let now = 0;
    const results = new EvaluatorHttpOut(() => (now += 1));
    results.retain(tasks);
    const zero = results.publisherFor('points:0');
    const one = results.publisherFor('points:1');
    zero('cpu', 'last', 'host=a', point('a', 1));
    one('cpu', 'last', 'host=b', point('b', 2));
    zero('cpu', 'last', 'host=c', point('c', 3));
    zero('cpu', 'last', 'host=a', point('a', 4));
    expect(hosts(results)).toEqual({ cpu: { last: ['a=4', 'b=2', 'c=3'] }, quiet: { none: [] } });
  });

  it('forgets the rows of a dropped scope and of a task no longer run', () => {
    const results = new EvaluatorHttpOut(() => 0);
    results.retain(tasks);
    results.publisherFor('points:0')('cpu', 'last', 'host=a', point('a', 1));
    results.publisherFor('points:1')('cpu', 'last', 'host=b', point('b', 2));
    results.drop('points:0');
    expect(hosts(results)).toEqual({ cpu: { last: ['b=2'] }, quiet: { none: [] } });
    results.retain(tasks.filter((task) => task.name === 'quiet'));
    expect(hosts(results)).toEqual({ quiet: { none: [] } });
  });

  it("drops a deleted group's row", () => {
    const results = new EvaluatorHttpOut(() => 0);
    results.retain(tasks);
    const publish = results.publisherFor('batch');
    publish('cpu', 'last', 'host=a', point('a', 1));
    publish('cpu', 'last', 'host=a', undefined);
    expect(hosts(results)).toEqual({ cpu: { last: [] }, quiet: { none: [] } });
  });
});
