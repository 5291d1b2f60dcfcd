import type { Fields, Tags } from '@vigil/core';
import { sortByteOrder } from '../../runtime/byte-order';
import { toGroupId } from '../../runtime/group-id';
import type { BatchMessage } from '../../runtime/message';
import { scriptTask, SECOND } from '../../testing/script-harness.test';

// Cases worked out from Kapacitor 1.5.9's join.go: joinGroup.Collect and emit (sets by the
// batch's rounded time), joinset.JoinIntoBatch (points walked together by rounded time).

const query = (measurement: string, group = "'host'"): string =>
  `batch|query('SELECT sum("value") AS "value" FROM "db"."rp"."${measurement}"').period(1m).every(1m).groupBy(${group})`;

const script = (join: string): string => `var errors = ${query('errors')}\nvar total = ${query('total')}\nerrors|${join}|httpOut('out')`;

/** A batch as a query node hands it on: grouped by all its tags; times in seconds. */
function batch(name: string, tags: Tags, tmax: number, points: [number, Fields][]): BatchMessage {
  const by = sortByteOrder(Object.keys(tags));
  return {
    kind: 'batch',
    name,
    tmax: BigInt(tmax * 1000) * (SECOND / 1000n),
    group: toGroupId(name, tags, by, false),
    groupTags: tags,
    dimensions: { by, byMeasurement: false, exclude: [] },
    points: points.map(([time, fields]) => ({ database: '', retentionPolicy: '', name, tags, fields, time: BigInt(Math.round(time * 1000)) * (SECOND / 1000n) })),
  };
}

/** Published batches as [name, tags, tmax s, [[time s, fields]]]. */
function views(messages: readonly { kind: string }[]): unknown[] {
  return messages.map((message) => {
    if (message.kind !== 'batch') return message;
    const b = message as BatchMessage;
    return [b.name, b.groupTags, Number(b.tmax) / 1e9, b.points.map((point) => [Number(point.time) / 1e9, point.fields])];
  });
}

describe('join of batches', () => {
  it('joins the batches of one group and time into one batch, point by point; tolerance rounds batch and point times', () => {
    const { task, recorder } = scriptTask(script("join(total).as('errors', 'total').tolerance(1s)"));
    task.writeBatch('query1', batch('errors', { host: 'a' }, 60.4, [[0, { value: 3 }], [30.2, { value: 1 }]]));
    expect(recorder.out()).toEqual([]);
    task.writeBatch('query2', batch('total', { host: 'a' }, 59.8, [[0, { value: 100 }], [29.6, { value: 50 }]]));
    expect(views(recorder.out())).toEqual([['errors', { host: 'a' }, 60, [[0, { 'errors.value': 3, 'total.value': 100 }], [30, { 'errors.value': 1, 'total.value': 50 }]]]]);
    const joined = recorder.out()[0] as BatchMessage;
    expect([joined.group, joined.dimensions, joined.points[0]?.tags, joined.points[0]?.name]).toEqual(['host=a', { by: ['host'], byMeasurement: false, exclude: [] }, { host: 'a' }, 'errors']);
  });

  it('walks the points by time: an inner join keeps the times both have, a fill fills the others with the first point’s field names', () => {
    const errors = batch('errors', {}, 60, [[0, { value: 1 }], [10, { value: 2 }], [30, { value: 3 }]]);
    const total = batch('total', {}, 60, [[0, { value: 10 }], [20, { value: 20 }], [30, { value: 30 }]]);
    const inner = scriptTask(`var errors = ${query('errors', '')}\nvar total = ${query('total', '')}\nerrors|join(total).as('e', 't').streamName('ratio')|httpOut('out')`);
    inner.task.writeBatch('query1', errors);
    inner.task.writeBatch('query2', total);
    expect(views(inner.recorder.out())).toEqual([['ratio', {}, 60, [[0, { 'e.value': 1, 't.value': 10 }], [30, { 'e.value': 3, 't.value': 30 }]]]]);
    const filled = scriptTask(`var errors = ${query('errors', '')}\nvar total = ${query('total', '')}\nerrors|join(total).as('e', 't').fill(0.0)|httpOut('out')`);
    filled.task.writeBatch('query1', errors);
    filled.task.writeBatch('query2', total);
    expect(views(filled.recorder.out())).toEqual([
      ['errors', {}, 60, [[0, { 'e.value': 1, 't.value': 10 }], [10, { 'e.value': 2, 't.value': 0 }], [20, { 'e.value': 0, 't.value': 20 }], [30, { 'e.value': 3, 't.value': 30 }]]],
    ]);
  });

  it('sends an incomplete set once both parents have sent the group a later batch: empty without fill, filled with it', () => {
    const feed = (join: string) => {
      const { task, recorder } = scriptTask(script(join));
      task.writeBatch('query1', batch('errors', { host: 'a' }, 60, [[0, { value: 1 }]]));
      task.writeBatch('query1', batch('errors', { host: 'b' }, 60, [[0, { value: 2 }]]));
      task.writeBatch('query2', batch('total', { host: 'a' }, 60, [[0, { value: 10 }]]));
      task.writeBatch('query1', batch('errors', { host: 'a' }, 120, [[60, { value: 3 }]]));
      task.writeBatch('query1', batch('errors', { host: 'b' }, 120, [[60, { value: 4 }]]));
      task.writeBatch('query2', batch('total', { host: 'a' }, 120, [[60, { value: 30 }]]));
      const before = recorder.out().length;
      task.writeBatch('query2', batch('total', { host: 'b' }, 120, [[60, { value: 40 }]]));
      return { before, out: views(recorder.out()) };
    };
    const inner = feed("join(total).as('e', 't')");
    expect(inner.before).toBe(2);
    expect(inner.out).toEqual([
      ['errors', { host: 'a' }, 60, [[0, { 'e.value': 1, 't.value': 10 }]]],
      ['errors', { host: 'a' }, 120, [[60, { 'e.value': 3, 't.value': 30 }]]],
      ['errors', { host: 'b' }, 60, []],
      ['errors', { host: 'b' }, 120, [[60, { 'e.value': 4, 't.value': 40 }]]],
    ]);
    expect(feed("join(total).as('e', 't').fill(-1)").out[2]).toEqual(['errors', { host: 'b' }, 60, [[0, { 'e.value': 2, 't.value': -1n }]]]);
  });

  it('an alert after it takes the empty batch of an incomplete set as no data (alert.go: a batch without points)', () => {
    const { task, recorder } = scriptTask(`var errors = ${query('errors')}\nvar total = ${query('total')}\nerrors|join(total).as('e', 't')|alert().crit(lambda: TRUE).topic('t')`);
    task.writeBatch('query1', batch('errors', { host: 'b' }, 60, [[0, { value: 2 }]]));
    task.writeBatch('query1', batch('errors', { host: 'b' }, 120, [[60, { value: 4 }]]));
    task.writeBatch('query2', batch('total', { host: 'b' }, 120, [[60, { value: 40 }]]));
    expect(recorder.events.map((event) => [event.id, event.level, event.time])).toEqual([['errors:host=b', 'CRITICAL', 60n * SECOND]]);
  });

  it('with .on(), gives a batch grouped by the on tags to every batch of the same time grouped by more', () => {
    const { task, recorder } = scriptTask(
      `var errors = ${query('errors', "'host', 'path'")}\nvar total = ${query('total')}\nerrors|join(total).as('e', 't').on('host')|httpOut('out')`,
    );
    task.writeBatch('query1', batch('errors', { host: 'a', path: '/x' }, 60, [[0, { value: 1 }]]));
    task.writeBatch('query1', batch('errors', { host: 'a', path: '/y' }, 60, [[0, { value: 2 }]]));
    task.writeBatch('query2', batch('total', { host: 'a' }, 60, [[0, { value: 10 }]]));
    expect(views(recorder.out())).toEqual([
      ['errors', { host: 'a', path: '/x' }, 60, [[0, { 'e.value': 1, 't.value': 10 }]]],
      ['errors', { host: 'a', path: '/y' }, 60, [[0, { 'e.value': 2, 't.value': 10 }]]],
    ]);
  });

  it('keeps waiting batches across a snapshot and restore', () => {
    const first = scriptTask(script("join(total).as('e', 't')"));
    first.task.writeBatch('query1', batch('errors', { host: 'a' }, 60, [[0, { value: 1 }], [30, { value: 2 }]]));
    const restored = scriptTask(script("join(total).as('e', 't')"));
    restored.task.restore(JSON.parse(JSON.stringify(first.task.snapshot())));
    restored.task.writeBatch('query2', batch('total', { host: 'a' }, 60, [[0, { value: 10 }], [30, { value: 20 }]]));
    expect(views(restored.recorder.out())).toEqual([['errors', { host: 'a' }, 60, [[0, { 'e.value': 1, 't.value': 10 }], [30, { 'e.value': 2, 't.value': 20 }]]]]);
  });
});

// union.go's emitReady over batches: nothing until every parent has sent, then in time order,
// equal times parent by parent (the arguments first, the node before |union last).
describe('union of batches', () => {
  it('merges two queries in time order once both have sent, renamed', () => {
    const { task, recorder } = scriptTask(`var errors = ${query('errors')}\nvar total = ${query('total')}\nerrors|union(total).rename('http')|httpOut('out')`);
    task.writeBatch('query1', batch('errors', { host: 'a' }, 60, [[0, { value: 1 }]]));
    expect(recorder.out()).toEqual([]);
    task.writeBatch('query2', batch('total', { host: 'a' }, 60, [[0, { value: 10 }]]));
    task.writeBatch('query1', batch('errors', { host: 'a' }, 120, [[60, { value: 2 }]]));
    expect(views(recorder.out())).toEqual([
      ['http', { host: 'a' }, 60, [[0, { value: 10 }]]],
      ['http', { host: 'a' }, 60, [[0, { value: 1 }]]],
    ]);
  });
});
