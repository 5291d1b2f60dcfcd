import { defineTasks, InMemoryCheckpointStore, InMemoryRecordSink, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { createLogger } from '@vigil/observability';
import type { Message } from '@vigil/tick-engine';
import { EvaluatorHttpOut } from '../http-out/evaluator-http-out';
import { BATCH_HTTP_OUT_SCOPE, BatchOwner } from './batch-owner';

const logger = createLogger({ service: 'batch-owner-spec', level: 'silent' });
const POINTS = 'vigil.points';
const tasks = defineTasks([{ name: 'cpu', script: `dbrp "vigil"."autogen"\nstream|from().measurement('cpu').groupBy('host')|httpOut('last')` }], SERIES_PARTITION_KEYS);

function point(host: string): Message {
  return {
    kind: 'point',
    point: { database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host }, fields: { usage: 1 }, time: 1_000_000_000n },
    group: `host=${host}`,
    groupTags: { host },
    dimensions: { by: ['host'], byMeasurement: false, exclude: [] },
  };
}

/** The groups of the rows the evaluator would publish for task `cpu`, endpoint `last`. */
const groups = (httpOut: EvaluatorHttpOut) => (httpOut.rows().get('cpu')?.get('last') ?? []).map(({ row }) => (JSON.parse(row) as { tags: { host: string } }).tags.host);

/**
 * An evaluator with a stream row (partition 1) and a batch row: the batch row must go when it
 * stops owning partition 0, or it would keep publishing it and ingest's merge would bring back a
 * group the new owner deleted.
 */
function evaluator() {
  const httpOut = new EvaluatorHttpOut(() => 1);
  httpOut.retain(tasks);
  const owner = new BatchOwner({ pointsTopic: POINTS, alertsTopic: 'vigil.alerts', store: new InMemoryCheckpointStore(), sink: new InMemoryRecordSink(), sources: {}, intervalMs: 1_000, retryDelayMs: 1_000, nowMs: () => 0, logger, httpOut });
  httpOut.publisherFor('points:1')('cpu', 'last', 'host=stream', point('stream'));
  httpOut.publisherFor(BATCH_HTTP_OUT_SCOPE)('cpu', 'last', 'host=batch', point('batch'));
  return { httpOut, owner };
}

describe('BatchOwner: httpOut rows of the batch tasks', () => {
  it('drops them when partition 0 is revoked, not when another partition is', async () => {
    const { httpOut, owner } = evaluator();
    await owner.onAssigned([{ topic: POINTS, partition: 0 }]);
    await owner.onRevoked([{ topic: POINTS, partition: 1 }]);
    expect(groups(httpOut)).toEqual(['stream', 'batch']);
    await owner.onRevoked([{ topic: POINTS, partition: 0 }]);
    expect(groups(httpOut)).toEqual(['stream']);
  });

  it('drops them when the evaluator stops', async () => {
    const { httpOut, owner } = evaluator();
    await owner.onAssigned([{ topic: POINTS, partition: 0 }]);
    await owner.stop();
    expect(groups(httpOut)).toEqual(['stream']);
  });
});
