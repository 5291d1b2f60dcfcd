import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '@vigil/core';
import { eventRecordOf, readEventRecord } from '@vigil/evaluation';
import { EventLogSink } from '../evaluation/event-log.sink';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { EventHandover, eventHandoverOf, receivedEventOf } from './event-handover';

function event(id: string): AlertEvent {
  return { id, message: `${id} is CRITICAL`, details: '', time: 1n, duration: 0n, level: 'CRITICAL', previousLevel: 'OK', recoverable: true, series: [], task: 'cpu', node: 'alert2', topic: '', category: '', handlers: [{ kind: 'post', args: ['http://127.0.0.1:9/'], options: [] }] };
}

const outgoing = (id: string) => ({ topic: 'vigil.alerts', ...eventRecordOf(event(id), `e-${id}`) });
const offsets = (records: readonly { offset: bigint }[]): bigint[] => records.map((record) => record.offset);

describe('EventHandover', () => {
  it('hands the records the sink wrote to every reader as the same objects, decoded once, and keeps them until all read past', async () => {
    const log = new InMemoryLog();
    const handover = eventHandoverOf(log);
    const notifier = handover.reader(0n);
    const topics = handover.reader(0n);
    await new EventLogSink(log, 'vigil.alerts').send([outgoing('a'), outgoing('b')]);
    expect(log.end()).toBe(2n);
    expect(handover.size()).toBe(2);

    const first = await notifier.read(0n, 10);
    const second = await topics.read(0n, 1);
    expect(offsets(first)).toEqual([0n, 1n]);
    expect(second[0]).toBe(first[0]);
    // The same event as the file's record decodes to, and one decode for both readers.
    const fromFile = await log.read(0n, 2);
    expect(receivedEventOf(first[0]!)).toEqual(readEventRecord(fromFile[0]!.value, fromFile[0]!.headers));
    expect(receivedEventOf(second[0]!)).toBe(receivedEventOf(first[0]!));
    expect(receivedEventOf(fromFile[0]!)).not.toBe(receivedEventOf(first[0]!));
    // Offset 0 is read by both: forgotten; offset 1 waits for the second reader.
    expect(handover.size()).toBe(1);
    expect(offsets(await topics.read(1n, 10))).toEqual([1n]);
    expect(handover.size()).toBe(0);
  });

  it('keeps nothing without a reader or beyond its budget: readers read those records from the log', async () => {
    const log = new InMemoryLog();
    const sink = new EventLogSink(log, 'vigil.alerts');
    await sink.send([outgoing('before')]);
    const value = outgoing('x').value.length;
    const handover = new EventHandover(log, 2 * value);
    const reader = handover.reader(0n);
    handover.keep([outgoing('x'), outgoing('y'), outgoing('z')], 1n);
    expect(handover.size()).toBe(2);
    await log.append([outgoing('x'), outgoing('y'), outgoing('z')]);
    // What is not kept comes from the log; what is kept from memory, up to the first record not kept.
    const read = await reader.read(0n, 1);
    expect(read.map((record) => receivedEventOf(record).alert.id)).toEqual(['before']);
    const kept = await reader.read(1n, 10);
    expect(kept.map((record) => record.key)).toEqual(['x', 'y']);
    expect(receivedEventOf(kept[0]!)).toBe(receivedEventOf(kept[0]!));
    const rest = await reader.read(3n, 10);
    expect(rest.map((record) => record.key)).toEqual(['z']);
    expect(receivedEventOf(rest[0]!)).not.toBe(receivedEventOf(rest[0]!));
    expect(handover.size()).toBe(0);
  });

  it('lets a closed reader hold nothing back', async () => {
    const log = new InMemoryLog();
    const handover = eventHandoverOf(log);
    const stopped = handover.reader(0n);
    const running = handover.reader(0n);
    await new EventLogSink(log, 'vigil.alerts').send([outgoing('a')]);
    await running.read(0n, 10);
    expect(handover.size()).toBe(1);
    stopped.close();
    expect(handover.size()).toBe(0);
  });

  it('throws the same contract error for a kept record that is not an alert event as for one read from the log', async () => {
    const log = new InMemoryLog();
    const reader = eventHandoverOf(log).reader(0n);
    await new EventLogSink(log, 'vigil.alerts').send([{ topic: 'vigil.alerts', key: 'k', value: '{}', headers: {} }]);
    const [kept] = await reader.read(0n, 1);
    expect(() => receivedEventOf(kept!)).toThrow(/lacks/);
    expect(() => receivedEventOf(kept!)).toThrow(/lacks/);
  });
});
