import type { AlertEvent } from '@vigil/core';
import type { KeyedRecord } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { decodeTopicDeletionRecord, encodeTopicDeletionRecord, eventRecordOf } from '@vigil/topic-contract';
import { AlertTopicStates } from './alert-topic-states';

const logger = createLogger({ service: 'alert-topic-states-spec', level: 'silent' });

/** An alerts-topic record of an event of alert id `id` on topic ops at the given place. */
function eventAt(id: string, partition: number, offset: bigint): KeyedRecord {
  const event: AlertEvent = { id, message: `${id} is CRITICAL`, details: '', time: 1_700_000_000_000_000_000n + offset, duration: 0n, level: 'CRITICAL', previousLevel: 'OK', recoverable: true, series: [], task: 'cpu', node: 'alert2', topic: 'ops', category: '', handlers: [] };
  const record = eventRecordOf(event, `${id}-${offset}`);
  return { key: record.key, value: Buffer.from(record.value), partition, offset, headers: record.headers };
}

function deletionRecord(value: string, offset: bigint): KeyedRecord {
  return { key: 'ops', value: Buffer.from(value), partition: 0, offset, headers: {} };
}

describe('AlertTopicStates', () => {
  it("writes the alerts topic's end offsets, and skips the deleted topic's events below them after a restart", async () => {
    const written: string[] = [];
    const ends = async (): Promise<ReadonlyMap<number, bigint>> => new Map([[0, 2n], [1, 1n]]);
    const first = new AlertTopicStates(logger, 'vigil.alerts', async (_topic, value) => written.push(value), ends, () => new Date('2026-12-07T17:00:00Z'));
    const history = [eventAt('a', 0, 0n), eventAt('b', 1, 0n), eventAt('a', 0, 1n)];
    first.collect(history);
    expect(first.topics.events('ops')?.map((state) => state.id)).toEqual(['a', 'b']);
    await first.deleteTopic('ops');
    expect(first.topics.ids()).toEqual([]);
    expect(decodeTopicDeletionRecord('ops', written[0] ?? '')).toEqual({ topic: 'ops', alertsTopic: 'vigil.alerts', deleted: '2026-12-07T17:00:00.000Z', positions: new Map([[0, 2n], [1, 1n]]) });

    // Its own record read back keeps what came after the deletion; a restarted ingest skips only what came before.
    const later = eventAt('c', 1, 1n);
    first.collect([later]);
    first.applyDeletions([deletionRecord(written[0] ?? '', 0n)]);
    expect(first.topics.events('ops')?.map((state) => state.id)).toEqual(['c']);
    const restarted = new AlertTopicStates(logger, 'vigil.alerts', () => Promise.resolve());
    restarted.applyDeletions([deletionRecord(written[0] ?? '', 0n)]);
    restarted.collect([...history, later]);
    expect(restarted.topics.events('ops')?.map((state) => state.id)).toEqual(['c']);
    expect(restarted.topics.summary('ops')?.collected).toBe(1);
  });

  it('skips the history it had not read yet when the topic was deleted, as an ingest that just restarted has not', async () => {
    const written: string[] = [];
    // Restarted: the background read of the alerts topic has reached offset 1 of partition 0 and nothing of partition 1.
    const states = new AlertTopicStates(logger, 'vigil.alerts', async (_topic, value) => written.push(value), async () => new Map([[0, 3n], [1, 2n]]));
    states.collect([eventAt('a', 0, 0n)]);
    await states.deleteTopic('ops');
    expect(decodeTopicDeletionRecord('ops', written[0] ?? '').positions).toEqual(new Map([[0, 3n], [1, 2n]]));

    // The rest of the history, older than the deletion, does not bring the topic back; the next event does.
    states.collect([eventAt('a', 0, 1n), eventAt('b', 1, 0n), eventAt('c', 0, 2n), eventAt('b', 1, 1n)]);
    expect(states.topics.ids()).toEqual([]);
    states.collect([eventAt('d', 1, 2n)]);
    expect(states.topics.events('ops')?.map((state) => state.id)).toEqual(['d']);
  });

  it("forgets the topic at once on another ingest's deletion, and ignores one of another alerts topic", () => {
    const other = new AlertTopicStates(logger, 'vigil.alerts', () => Promise.resolve());
    other.collect([eventAt('a', 0, 0n)]);
    other.applyDeletions([deletionRecord(encodeTopicDeletionRecord({ topic: 'ops', alertsTopic: 'elsewhere.alerts', deleted: 'x', positions: new Map([[0, 5n]]) }), 0n)]);
    expect(other.topics.ids()).toEqual(['ops']);
    other.applyDeletions([deletionRecord(encodeTopicDeletionRecord({ topic: 'ops', alertsTopic: 'vigil.alerts', deleted: 'x', positions: new Map([[0, 1n]]) }), 1n)]);
    expect(other.topics.ids()).toEqual([]);
  });

  it("collects a replay's events on a named topic only, as Kapacitor closes a replay's anonymous topics", () => {
    const states = new AlertTopicStates(logger, 'vigil.alerts', () => Promise.resolve());
    const replayed = (record: KeyedRecord, topic: string): KeyedRecord => {
      const headers: Record<string, string> = { ...record.headers, 'vigil-replay-id': 'rp1' };
      if (topic === '') delete headers['vigil-topic'];
      return { ...record, headers };
    };
    states.collect([replayed(eventAt('a', 0, 0n), 'ops'), replayed(eventAt('b', 0, 1n), '')]);
    expect(states.topics.ids()).toEqual(['ops']);
    expect(states.topics.events('ops')?.map((state) => state.id)).toEqual(['a']);
  });
});
