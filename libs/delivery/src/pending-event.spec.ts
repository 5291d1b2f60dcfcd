import type { AlertData } from '@vigil/core';
import { pendingEventOf } from './pending-event';

const alert: AlertData = {
  id: 'cpu:host=a',
  message: 'cpu is high',
  details: '',
  time: 1_700_000_000_000_000_000n,
  duration: 5_000_000_000n,
  level: 'WARNING',
  previousLevel: 'OK',
  recoverable: true,
  series: [],
};

const received = {
  eventId: 'ev-1',
  task: 'cpu',
  node: 'alert3',
  topic: 'ops',
  category: 'infra',
  handlers: [
    { kind: 'post', args: ['http://hooks.example/a'], options: [] },
    { kind: 'slack', args: [], options: [{ name: 'channel', args: ['#ops'] }] },
    { kind: 'post', args: ['http://hooks.example/b'], options: [] },
  ],
  alert,
  json: '{"id":"cpu:host=a"}',
};

describe('pendingEventOf', () => {
  it('rebuilds the event and targets every handler by index and kind', () => {
    const pending = pendingEventOf(received);
    expect(pending.eventId).toBe('ev-1');
    expect(pending.json).toBe(received.json);
    expect(pending.event).toEqual({ ...alert, task: 'cpu', node: 'alert3', topic: 'ops', category: 'infra', handlers: received.handlers });
    expect(pending.targets.map((t) => t.key)).toEqual(['0:post', '1:slack', '2:post']);
    expect(pending.targets[2]?.instruction).toBe(received.handlers[2]);
    expect(pending.redeliverDead).toBe(false);
  });

  it('limits a replay to its keys, ignoring keys the event does not have, and delivers them again though dead', () => {
    const pending = pendingEventOf(received, ['2:post', '1:slack', '7:tcp']);
    expect(pending.targets.map((t) => t.key)).toEqual(['1:slack', '2:post']);
    expect(pending.event.handlers).toHaveLength(3);
    expect(pending.redeliverDead).toBe(true);
  });

  it('targets nothing for an empty replay key list', () => {
    expect(pendingEventOf(received, []).targets).toEqual([]);
  });
});
