import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '@vigil/core';
import { useTempFolder } from '../storage/files/temp-folder.test';
import { compileHandlerMatch, instructionOf, TopicHandlerError } from '@vigil/kapacitor-api';
import { TopicHandlerStore } from './topic-handler-store';

const event = (extra: Partial<AlertEvent> = {}): AlertEvent => ({
  id: 'cpu:host=a', message: 'm', details: '', time: 1n, duration: 30_000_000_000n, level: 'CRITICAL', previousLevel: 'OK', recoverable: true,
  series: [{ name: 'cpu', tags: { host: 'a' }, columns: ['time', 'usage'], values: [[1n, 95]] }], task: 'cpu_task', node: 'alert2', topic: 'ops', category: '', handlers: [], ...extra,
});

describe('topic handler match', () => {
  // The expression's semantics are tick-engine's compileTopicMatch spec; here, what vigil serve's API sees.
  it('compiles a match the store delivers with, and refuses one that cannot compile as a 400 error', () => {
    expect(compileHandlerMatch('changed() AND "host" == \'a\'')(event())).toBe(true);
    expect(compileHandlerMatch('changed()')(event({ previousLevel: 'CRITICAL' }))).toBe(false);
    expect(() => compileHandlerMatch('level(1) > 0')).toThrow(TopicHandlerError);
    expect(() => compileHandlerMatch('level() > BOGUS')).toThrow('invalid match expression: unknown identifier "BOGUS"');
  });
});

describe('topic handler kinds', () => {
  it("maps Kapacitor's kinds and options to vigil's handler calls", () => {
    expect(instructionOf('post', { url: 'http://x/a', headers: { A: 'b' }, 'capture-response': true })).toEqual({ kind: 'post', args: ['http://x/a'], options: [{ name: 'header', args: ['A', 'b'] }, { name: 'captureResponse', args: [true] }] });
    expect(instructionOf('exec', { args: ['-v'], prog: '/bin/prog' })).toEqual({ kind: 'exec', args: ['/bin/prog', '-v'], options: [] });
    expect(instructionOf('smtp', { to: ['a@example.com'] })).toEqual({ kind: 'email', args: ['a@example.com'], options: [] });
    expect(instructionOf('slack', { channel: '#ops', 'icon-emoji': ':fire:' })).toEqual({ kind: 'slack', args: [], options: [{ name: 'channel', args: ['#ops'] }, { name: 'iconEmoji', args: [':fire:'] }] });
  });

  it('refuses an unknown kind, an unknown option and a value of the wrong type', () => {
    expect(() => instructionOf('hipchat', {})).toThrow(/^unsupported action kind "hipchat"/);
    expect(() => instructionOf('post', { uri: 'x' })).toThrow('post has no option "uri"; it takes url, endpoint, headers, capture-response, timeout, skip-ssl-verification');
    expect(() => instructionOf('post', { url: 3 })).toThrow('post option "url" must be a string');
  });
});

describe('TopicHandlerStore', () => {
  const folder = useTempFolder('topic-handlers');

  it('keeps handlers across a reopen and refuses what Kapacitor refuses and what the allow-lists do', async () => {
    const path = join(folder(), 'topic-handlers.json');
    const logs = { log: { allow: ['/tmp'] } };
    const store = await TopicHandlerStore.open(path, logs);
    await store.create({ topic: 'ops', id: 'b', kind: 'log', options: { path: '/tmp/b.log' }, match: '' });
    await store.create({ topic: 'ops', id: 'a', kind: 'post', options: { url: 'http://127.0.0.1:1/x' }, match: 'changed()' });
    await expect(store.create({ topic: 'ops', id: 'a', kind: 'log', options: { path: '/tmp/a.log' }, match: '' })).rejects.toThrow('cannot register handler, handler with ID "a" already exists');
    await expect(store.create({ topic: 'ops', id: 'bad id', kind: 'log', options: {}, match: '' })).rejects.toThrow(/^handler ID must contain only/);
    await expect(store.create({ topic: 'ops', id: 'run', kind: 'exec', options: { prog: '/bin/true' }, match: '' })).rejects.toThrow(/exec\.allow/);
    await expect(store.create({ topic: 'ops', id: 'cfg', kind: 'log', options: { path: '/etc/vigil/handlers.json' }, match: '' })).rejects.toThrow(/log\.allow/);
    const old = store.get('ops', 'b');
    if (!old) throw new Error('b was defined');
    await store.replace(old.spec, { ...old.spec, id: 'c' });
    await store.delete('ops', 'nothing');

    const reopened = await TopicHandlerStore.open(path, logs);
    expect(reopened.of('ops').map((handler) => [handler.spec.id, handler.instruction.kind])).toEqual([['a', 'post'], ['c', 'log']]);
    expect(reopened.topics()).toEqual(['ops']);
    await expect(TopicHandlerStore.open(path, { ...logs, post: { allowedOrigins: ['https://hooks.example.com'] } })).rejects.toThrow(/topic handler ops\/a: /);
    await expect(TopicHandlerStore.open(path, {})).rejects.toThrow(/topic handler ops\/c: .*log\.allow/);
  });
});
