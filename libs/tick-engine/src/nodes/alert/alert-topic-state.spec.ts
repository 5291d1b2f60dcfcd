import { AlertTopicState } from './alert-topic-state';
import { Inhibitor, InhibitorRegistry } from './inhibitor-registry';

describe('AlertTopicState', () => {
  it('returns OK as the previous level of a new id, then the last collected level', () => {
    const topic = new AlertTopicState();
    expect(topic.collect('a', 'CRITICAL', 1n)).toBe('OK');
    expect(topic.collect('b', 'INFO', 2n)).toBe('OK');
    expect(topic.collect('a', 'INFO', 3n)).toBe('CRITICAL');
    expect(topic.get('a')).toEqual({ level: 'INFO', time: 3n });
  });

  it('round-trips through JSON', () => {
    const topic = new AlertTopicState();
    topic.collect('z', 'WARNING', 10n);
    topic.collect('a', 'CRITICAL', 20n);
    const json = JSON.parse(JSON.stringify(topic.snapshot()));
    expect(json).toEqual([
      { id: 'a', level: 'CRITICAL', time: '20' },
      { id: 'z', level: 'WARNING', time: '10' },
    ]);
    const restored = new AlertTopicState();
    restored.collect('stale', 'INFO', 1n);
    restored.restore(json);
    expect(restored.get('stale')).toBeUndefined();
    expect(restored.collect('z', 'OK', 30n)).toBe('WARNING');
  });
});

describe('InhibitorRegistry', () => {
  it('inhibits a category while active and all its tags are equal', () => {
    const registry = new InhibitorRegistry();
    const inhibitor = new Inhibitor('system', { host: 'a' });
    registry.add(inhibitor);
    expect(registry.isInhibited('system', { host: 'a' })).toBe(false);
    inhibitor.inhibited = true;
    expect(registry.isInhibited('system', { host: 'a', cpu: 'x' })).toBe(true);
    expect(registry.isInhibited('system', { host: 'b' })).toBe(false);
    expect(registry.isInhibited('other', { host: 'a' })).toBe(false);
    registry.remove(inhibitor);
    expect(registry.isInhibited('system', { host: 'a' })).toBe(false);
  });

  it('reads a missing event tag as the empty string', () => {
    const registry = new InhibitorRegistry();
    const inhibitor = new Inhibitor('system', { host: '' });
    inhibitor.inhibited = true;
    registry.add(inhibitor);
    expect(registry.isInhibited('system', {})).toBe(true);
  });

  it('with no tags inhibits the whole category', () => {
    const registry = new InhibitorRegistry();
    const inhibitor = new Inhibitor('system', {});
    inhibitor.inhibited = true;
    registry.add(inhibitor);
    expect(registry.isInhibited('system', { anything: 'x' })).toBe(true);
  });
});
