import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { AlertEvent, Level } from '@vigil/core';
import { REPLAY_HEADER } from '@vigil/delivery';
import { eventRecordOf } from '@vigil/evaluation';
import { createLogger } from '@vigil/observability';
import { useTempFolder } from '../storage/files/temp-folder.test';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { TopicFollower } from './topic-follower';
import { REPLAY_ID_HEADER } from '@vigil/kapacitor-api';

const logger = createLogger({ service: 'test', level: 'silent' });

function event(id: string, level: Level, time: bigint, extra: Partial<AlertEvent> = {}): AlertEvent {
  return { id, message: `${id} is ${level}`, details: '', time, duration: 0n, level, previousLevel: 'OK', recoverable: true, series: [], task: 'cpu', node: 'alert2', topic: '', category: '', handlers: [{ kind: 'log', args: ['/tmp/x'], options: [] }], ...extra };
}

async function append(log: InMemoryLog, alert: AlertEvent, eventId: string, headers: Record<string, string> = {}): Promise<void> {
  const record = eventRecordOf(alert, eventId);
  await log.append([{ key: record.key, value: record.value, headers: { ...record.headers, ...headers } }]);
}

describe('TopicFollower', () => {
  const folder = useTempFolder('topics');

  it('collects each event on its topic, anonymous ones as main:<task>:<node>, and keeps the last state per id', async () => {
    const log = new InMemoryLog();
    await append(log, event('cpu:a', 'CRITICAL', 1n), 'e1');
    await append(log, event('cpu:b', 'WARNING', 2n), 'e2');
    await append(log, event('cpu:a', 'OK', 3n), 'e3');
    await append(log, event('cpu:a', 'OK', 3n, { topic: 'ops', handlers: [] }), 'e4');
    const follower = new TopicFollower({ events: log, path: join(folder(), 'alert-topics.json'), saveIntervalMs: 10, batchRecords: 2, logger });
    await follower.start();
    const topics = follower.topics;
    expect(topics.ids()).toEqual(['main:cpu:alert2', 'ops']);
    expect(topics.summary('main:cpu:alert2')).toEqual({ level: 'WARNING', collected: 3 });
    expect(topics.events('main:cpu:alert2')?.map((state) => [state.id, state.level])).toEqual([['cpu:b', 'WARNING'], ['cpu:a', 'OK']]);
    expect(topics.events('main:cpu:alert2', 'WARNING')?.map((state) => state.id)).toEqual(['cpu:b']);
    expect(topics.summary('ops')).toEqual({ level: 'OK', collected: 1 });
    await follower.stop();
  });

  it('skips dead letters re-published by dlq replay and a replay anonymous events, but not its named-topic events', async () => {
    const log = new InMemoryLog();
    await append(log, event('cpu:a', 'CRITICAL', 1n), 'e1', { [REPLAY_HEADER]: '["0:log"]' });
    await append(log, event('cpu:a', 'CRITICAL', 1n), 'e2', { [REPLAY_ID_HEADER]: 'r1' });
    await append(log, event('cpu:a', 'CRITICAL', 1n, { topic: 'ops' }), 'e3', { [REPLAY_ID_HEADER]: 'r1' });
    const follower = new TopicFollower({ events: log, path: join(folder(), 'alert-topics.json'), saveIntervalMs: 10, batchRecords: 10, logger });
    await follower.start();
    expect(follower.topics.ids()).toEqual(['ops']);
    await follower.stop();
  });

  it('saves states and offset, so a restart reads on from there, and a deleted topic stays deleted', async () => {
    const log = new InMemoryLog();
    const path = join(folder(), 'alert-topics.json');
    await append(log, event('cpu:a', 'CRITICAL', 1n), 'e1');
    await append(log, event('x', 'INFO', 1n, { topic: 'gone' }), 'e2');
    const first = new TopicFollower({ events: log, path, saveIntervalMs: 10, batchRecords: 10, logger });
    await first.start();
    await first.deleteTopic('gone');
    await first.stop();
    expect(JSON.parse(await readFile(path, 'utf8')).offset).toBe('2');

    await append(log, event('cpu:b', 'WARNING', 5n), 'e3');
    const second = new TopicFollower({ events: log, path, saveIntervalMs: 10, batchRecords: 10, logger });
    await second.start();
    expect(second.topics.ids()).toEqual(['main:cpu:alert2']);
    expect(second.topics.events('main:cpu:alert2')?.map((state) => [state.id, state.level, state.time])).toEqual([['cpu:a', 'CRITICAL', 1n], ['cpu:b', 'WARNING', 5n]]);
    // Collected counts from the start, as Kapacitor's counter: only the event read after the restart.
    expect(second.topics.summary('main:cpu:alert2')?.collected).toBe(1);
    expect(second.savedOffset()).toBe(3n);
    await second.stop();
  });

  it('saves at most once per saveIntervalMs while caught up, and at stop', async () => {
    const log = new InMemoryLog();
    const path = join(folder(), 'alert-topics.json');
    const follower = new TopicFollower({ events: log, path, saveIntervalMs: 3_600_000, batchRecords: 10, logger });
    await follower.start();
    expect(follower.savedOffset()).toBe(0n);
    await append(log, event('cpu:a', 'CRITICAL', 1n), 'e1');
    await append(log, event('cpu:b', 'CRITICAL', 1n), 'e2');
    await expect.poll(() => follower.topics.event('main:cpu:alert2', 'cpu:b')?.level).toBe('CRITICAL');
    // Collected, not saved: the interval since the start's save has not passed.
    expect(follower.savedOffset()).toBe(0n);
    expect(JSON.parse(await readFile(path, 'utf8')).offset).toBe('0');
    await follower.stop();
    expect(follower.savedOffset()).toBe(2n);
    expect(JSON.parse(await readFile(path, 'utf8')).offset).toBe('2');
  });

  it('follows events appended while it runs', async () => {
    const log = new InMemoryLog();
    const follower = new TopicFollower({ events: log, path: join(folder(), 'alert-topics.json'), saveIntervalMs: 10, batchRecords: 10, logger });
    await follower.start();
    await append(log, event('cpu:a', 'CRITICAL', 1n), 'e1');
    await expect.poll(() => follower.savedOffset()).toBe(1n);
    expect(follower.topics.event('main:cpu:alert2', 'cpu:a')?.level).toBe('CRITICAL');
    await follower.stop();
  });
});
