import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '@vigil/core';
import { compileTopicMatch, TopicMatchError } from './topic-match';

const event = (extra: Partial<AlertEvent> = {}): AlertEvent => ({
  id: 'cpu:host=a', message: 'm', details: '', time: 1n, duration: 30_000_000_000n, level: 'CRITICAL', previousLevel: 'OK', recoverable: true,
  series: [{ name: 'cpu', tags: { host: 'a' }, columns: ['time', 'usage'], values: [[1n, 95]] }], task: 'cpu_task', node: 'alert2', topic: 'ops', category: '', handlers: [], ...extra,
});

describe('compileTopicMatch', () => {
  it("reads Kapacitor's event functions, level names and tags", () => {
    expect(compileTopicMatch('')(event())).toBe(true);
    expect(compileTopicMatch('level() >= WARNING')(event())).toBe(true);
    expect(compileTopicMatch('level() >= WARNING')(event({ level: 'INFO' }))).toBe(false);
    expect(compileTopicMatch('changed()')(event())).toBe(true);
    expect(compileTopicMatch('changed()')(event({ previousLevel: 'CRITICAL' }))).toBe(false);
    expect(compileTopicMatch('"host" == \'a\' AND name() == \'cpu\' AND taskName() == \'cpu_task\'')(event())).toBe(true);
    expect(compileTopicMatch('alertDuration() > 10s')(event())).toBe(true);
  });

  it('does not take an event lacking a tag it reads, and refuses what cannot compile', () => {
    expect(compileTopicMatch('"dc" == \'x\'')(event())).toBe(false);
    expect(() => compileTopicMatch('level() > BOGUS')).toThrow('invalid match expression: unknown identifier "BOGUS"');
    expect(() => compileTopicMatch('level(1) > 0')).toThrow(TopicMatchError);
    expect(() => compileTopicMatch('level() >')).toThrow(/^invalid match expression: /);
  });
});
