import type { AlertEvent } from '@vigil/core';
import type { PendingEvent } from '@vigil/delivery';
import { createLogger } from '@vigil/observability';
import { encodeTopicHandlerRecord } from '@vigil/topic-contract';
import { TopicHandlerTargets } from './topic-handler-targets';

const handler = (topic: string, id: string, url: string, match = '') => ({
  key: `${topic}/${id}`,
  value: Buffer.from(encodeTopicHandlerRecord({ topic, id, kind: 'post', options: { url }, match, handler: { kind: 'post', args: [url], options: [] } })),
});

const pending = (event: Partial<AlertEvent>): PendingEvent =>
  ({ eventId: 'e1', event: { task: 'cpu', node: 'alert2', topic: '', ...event }, json: '{}', targets: [{ key: '0:log', instruction: { kind: 'log', args: ['/tmp/x'], options: [] } }], redeliverDead: false }) as unknown as PendingEvent;

describe('TopicHandlerTargets', () => {
  const targets = (): TopicHandlerTargets => new TopicHandlerTargets({ topic: 't', clientId: 'c', replicationFactor: 1 }, createLogger({ service: 'test', level: 'silent' }));

  it("adds the handlers of the event's topic, named or anonymous, after the task's own", () => {
    const followed = targets();
    followed.apply([
      { ...handler('ops', 'b', 'http://b'), offset: 0n },
      { ...handler('ops', 'a', 'http://a'), offset: 1n },
      { ...handler('main:cpu:alert2', 'anon', 'http://anon'), offset: 2n },
    ]);
    expect(followed.withTargets(pending({ topic: 'ops' })).targets.map((target) => target.key)).toEqual(['0:log', 'topic:ops/b', 'topic:ops/a']);
    expect(followed.withTargets(pending({})).targets.map((target) => [target.key, target.instruction.args])).toEqual([
      ['0:log', ['/tmp/x']],
      ['topic:main:cpu:alert2/anon', ['http://anon']],
    ]);
    expect(followed.withTargets(pending({ topic: 'other' })).targets).toHaveLength(1);
  });

  it("gives a replay's event its named topic's handlers, and not the live anonymous topic's", () => {
    const followed = targets();
    followed.apply([
      { ...handler('ops', 'a', 'http://a'), offset: 0n },
      { ...handler('main:cpu:alert2', 'anon', 'http://anon'), offset: 1n },
    ]);
    const replayed = (event: Partial<AlertEvent>): PendingEvent => ({ ...pending(event), replayId: 'rp1' });
    expect(followed.withTargets(replayed({ topic: 'ops' })).targets.map((target) => target.key)).toEqual(['0:log', 'topic:ops/a']);
    expect(followed.withTargets(replayed({})).targets.map((target) => target.key)).toEqual(['0:log']);
  });

  it("gives each handler only the events its match takes: changed(), level(), a tag (an event without it is not taken)", () => {
    const followed = targets();
    followed.apply([
      { ...handler('ops', 'all', 'http://all'), offset: 0n },
      { ...handler('ops', 'changes', 'http://changes', 'changed() == TRUE'), offset: 1n },
      { ...handler('ops', 'severe', 'http://severe', 'level() >= WARNING'), offset: 2n },
      { ...handler('ops', 'host_a', 'http://host_a', '"host" == \'a\''), offset: 3n },
    ]);
    const keys = (level: string, previousLevel: string, tags: Record<string, string>): string[] =>
      followed.withTargets(pending({ topic: 'ops', level, previousLevel, series: [{ name: 'cpu', tags, columns: ['time'], values: [] }] } as Partial<AlertEvent>)).targets.map((target) => target.key);
    expect(keys('CRITICAL', 'OK', { host: 'a' })).toEqual(['0:log', 'topic:ops/all', 'topic:ops/changes', 'topic:ops/severe', 'topic:ops/host_a']);
    expect(keys('CRITICAL', 'CRITICAL', { host: 'b' })).toEqual(['0:log', 'topic:ops/all', 'topic:ops/severe']);
    expect(keys('INFO', 'CRITICAL', {})).toEqual(['0:log', 'topic:ops/all', 'topic:ops/changes']);
  });

  it('skips a record whose match cannot compile, and keeps the other handlers', () => {
    const followed = targets();
    followed.apply([
      { ...handler('ops', 'bad', 'http://bad', 'level() > BOGUS'), offset: 0n },
      { ...handler('ops', 'good', 'http://good', 'changed()'), offset: 1n },
    ]);
    const event = { topic: 'ops', level: 'WARNING', previousLevel: 'OK', series: [] } as Partial<AlertEvent>;
    expect(followed.withTargets(pending(event)).targets.map((target) => target.key)).toEqual(['0:log', 'topic:ops/good']);
  });

  it('forgets a handler at its tombstone and takes a redefinition', () => {
    const followed = targets();
    followed.apply([{ ...handler('ops', 'a', 'http://a'), offset: 0n }]);
    followed.apply([{ ...handler('ops', 'a', 'http://a2'), offset: 1n }]);
    expect(followed.withTargets(pending({ topic: 'ops' })).targets.map((target) => target.instruction.args)).toEqual([['/tmp/x'], ['http://a2']]);
    followed.apply([{ key: 'ops/a', value: null, offset: 2n }]);
    expect(followed.withTargets(pending({ topic: 'ops' })).targets).toHaveLength(1);
  });
});
