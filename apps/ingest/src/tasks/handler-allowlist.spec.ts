import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KapacitorTask } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { loadIngestConfig } from '../config';
import { handlerAllowlistGuard } from './handler-allowlist';
import { TopicHandlerTopicStore } from '../alerts/topic-handler-topic-store';
import { TopicTaskStore } from './topic-task-store';

const TIME = '2024-05-01T10:00:00.000Z';
const taskOf = (name: string, script: string): KapacitorTask => ({ name, script, status: 'enabled', record: { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: TIME, modified: TIME, lastEnabled: TIME } });
const EXEC = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90.0)\n        .exec('/bin/sh', '-c', 'id')\n";
const SIDELOAD = "stream\n    |from()\n        .measurement('cpu')\n    |sideload()\n        .source('file:///proc/self/fd')\n        .field('limit', 1.0)\n";

function handlersFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-ingest-allowlist-')), 'handlers.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function storeWith(env: Record<string, string>): { store: TopicTaskStore; written: string[] } {
  const written: string[] = [];
  const write = (key: string): Promise<bigint> => {
    written.push(key);
    return Promise.resolve(BigInt(written.length));
  };
  return { store: new TopicTaskStore(write, createLogger({ service: 'test', level: 'silent' }), handlerAllowlistGuard(loadIngestConfig(env).handlerAllowlist)), written };
}

describe('ingest checks tasks against the handler allowlist, as the evaluators do', () => {
  it('refuses at definition, with line and column, a handler or sideload directory that no HANDLERS_CONFIG_FILE allows', async () => {
    const { store, written } = storeWith({});
    await expect(store.define(taskOf('rce', EXEC))).rejects.toThrow(/^task rce: 6:\d+: alert2: \.exec\('\/bin\/sh'\) is not allowed: .*exec\.allow/);
    await expect(store.define(taskOf('peek', SIDELOAD))).rejects.toThrow(/^task peek: 5:\d+: sideload2: sideload source directory "\/proc\/self\/fd" is not allowed/);
    expect(written).toEqual([]);
  });

  it('defines the task when the file allows it, reading only the allowlist sections', async () => {
    const path = handlersFile({ exec: { allow: [{ program: '/bin/sh', args: ['-c', 'id'] }] }, telegram: { token: 'not-read', chatId: '1' } });
    expect(loadIngestConfig({ HANDLERS_CONFIG_FILE: path }).handlerAllowlist).toEqual({ exec: { allow: [{ program: '/bin/sh', args: ['-c', 'id'] }] } });
    const { store, written } = storeWith({ HANDLERS_CONFIG_FILE: path });
    await store.define(taskOf('allowed', EXEC));
    expect(written).toEqual(['allowed']);
  });

  it('refuses a topic handler the allowlist refuses, writing nothing, and defines one it allows', async () => {
    const written: string[] = [];
    const write = (key: string): Promise<bigint> => {
      written.push(key);
      return Promise.resolve(BigInt(written.length));
    };
    const allowlist = loadIngestConfig({ HANDLERS_CONFIG_FILE: handlersFile({ log: { allow: ['/var/log/vigil'] } }) }).handlerAllowlist;
    const handlers = new TopicHandlerTopicStore(write, createLogger({ service: 'test', level: 'silent' }), handlerAllowlistGuard(allowlist));
    const log = (id: string, path: string) => ({ topic: 'ops', id, kind: 'log', options: { path }, match: '' });
    await expect(handlers.create(log('cfg', '/etc/vigil/handlers/handlers.json'))).rejects.toThrow(/^\.log\('\/etc\/vigil\/handlers\/handlers\.json'\) is not allowed: .*log\.allow$/);
    await expect(handlers.create({ topic: 'ops', id: 'sh', kind: 'exec', options: { prog: '/bin/sh' }, match: '' })).rejects.toThrow(/exec\.allow/);
    expect(written).toEqual([]);
    await handlers.create(log('ok', '/var/log/vigil/ops.log'));
    expect(written).toEqual(['ops/ok']);
  });

  it('names HANDLERS_CONFIG_FILE when the file cannot be read', () => {
    expect(() => loadIngestConfig({ HANDLERS_CONFIG_FILE: '/nonexistent/handlers.json' })).toThrow(/HANDLERS_CONFIG_FILE: cannot read \/nonexistent\/handlers.json: ENOENT/);
  });
});
